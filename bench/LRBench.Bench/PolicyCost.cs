using LRBench.Schedules.Catalogue;
using System.Diagnostics;
using LRBench.Schedules;
using LRBench.Schedules.Specs;

namespace LRBench.Bench;

/// <summary>Times LearningRate(t) + Momentum(t) over consecutive steps, as a training loop calls them.</summary>
internal static class PolicyCost
{
    public static int Report(long steps)
    {
        Console.WriteLine($"# Policy evaluation cost, {steps:N0} consecutive steps per policy, median of 5 runs ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
        Console.WriteLine();
        Console.WriteLine("| policy | spec | ns/step |");
        Console.WriteLine("|---|---|---:|");
        foreach (var (name, ns) in Measure(steps))
        {
            Console.WriteLine($"| {name.Policy} | `{name.Spec}` | {ns:F1} |");
        }

        return 0;
    }

    public static IEnumerable<((string Policy, string Spec) Name, double NsPerStep)> Measure(long steps)
    {
        var clock = new RunClock(StepsPerEpoch: 469, TotalSteps: steps, BaseLearningRate: 0.1);
        var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in RepresentativeSpecs.All)
        {
            var parsed = PolicySpec.Parse(spec);
            covered.Add(BuiltInPolicies.Registry.Get(parsed.Name).Name);
            var schedule = BuiltInPolicies.Registry.Compile(parsed, clock);
            var runs = new double[5];
            double sink = 0;
            for (int r = 0; r < runs.Length; r++)
            {
                var sw = Stopwatch.StartNew();
                for (long t = 0; t < steps; t++)
                {
                    sink += schedule.LearningRate(t);
                    if (schedule.CyclesMomentum) sink += schedule.Momentum(t) ?? 0;
                }

                runs[r] = sw.Elapsed.TotalNanoseconds / steps;
            }

            if (double.IsNaN(sink)) Console.Error.WriteLine($"{spec}: NaN values");
            Array.Sort(runs);
            yield return ((parsed.Name, spec), runs[2]);
        }

        var missing = BuiltInPolicies.Registry.Definitions.Select(d => d.Name).Where(n => !covered.Contains(n)).ToList();
        if (missing.Count > 0) Console.Error.WriteLine("not benchmarked: " + string.Join(", ", missing));
    }
}

internal static class RepresentativeSpecs
{
    public static readonly string[] All =
    [
        "FIX(k0=0.01)", "STEP(k0=0.1, gamma=0.5, l=5ep)", "NSTEP(k0=0.1, gamma=0.1, l=[30ep, 60ep, 90ep])", "EXP(k0=0.1, gamma=0.99999)",
        "INV(k0=0.1, gamma=0.0001, p=0.75)", "POLY(k0=0.1, p=1.2, l=1dur)", "TRI(k0=0.001, k1=0.1, l=2ep)", "TRI2(k0=0.001, k1=0.1, l=2ep)",
        "TRIEXP(k0=0.001, k1=0.1, gamma=0.99999, l=2ep)", "SIN(k0=0.001, k1=0.1, l=2ep)", "SIN2(k0=0.001, k1=0.1, l=2ep)",
        "SINEXP(k0=0.001, k1=0.1, gamma=0.99999, l=2ep)", "COS(k0=0.1, k1=0.001, l=2ep)",
        "StepLR(step_size=1000)", "MultiStepLR(milestones=[100000, 200000, 300000])", "ExponentialLR(gamma=0.99999)",
        "CosineAnnealingLR(T_max=100000)", "CosineAnnealingWarmRestarts(T_0=1000, T_mult=2)", "CosineAnnealingWarmRestarts(T_0=1000, T_mult=1)",
        "CyclicLR(base_lr=0.001, max_lr=0.1, step_size_up=2000, mode=triangular2)", "OneCycleLR(max_lr=0.1)", "PolynomialLR(total_iters=100000, power=2)",
        "LinearLR(total_iters=1000)", "ConstantLR(total_iters=1000)",
        "SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=1000), CosineAnnealingLR(T_max=100000)], milestones=[1000])",
        "ChainedScheduler(schedulers=[ConstantLR(total_iters=1000), ExponentialLR(gamma=0.99999)])",
        "CosineLRScheduler(t_initial=10000, cycle_mul=2, cycle_decay=0.5, cycle_limit=20, warmup_t=500, warmup_prefix=true, t_in_epochs=false)",
        "CosineLRScheduler(t_initial=10000, t_in_epochs=false, noise_range_t=[0], noise_type=normal)",
        "get_linear_schedule_with_warmup(num_warmup_steps=1000, num_training_steps=1000000)",
        "get_cosine_schedule_with_warmup(num_warmup_steps=1000, num_training_steps=1000000)",
        "get_cosine_with_hard_restarts_schedule_with_warmup(num_warmup_steps=1000, num_training_steps=1000000, num_cycles=5)",
        "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=1000, num_training_steps=1000000, power=2)",
        "get_inverse_sqrt_schedule(num_warmup_steps=1000)", "get_constant_schedule_with_warmup(num_warmup_steps=1000)",
        "get_wsd_schedule(num_warmup_steps=1000, num_decay_steps=200000, num_training_steps=1000000, decay_type=1-sqrt)",
        "triangular(min_lr=0.001, max_lr=0.1, cycle_length=0.5dur)", "slanted_triangular(min_lr=0.001, max_lr=0.1, cycle_length=1dur)",
        "cosine(max_lr=0.1)", "warmup(cosine(max_lr=0.1), length=1ep)", "cooldown(FIX(k0=0.1), start=0.8dur, length=0.2dur)",
        "one_cycle(start_lr=0.01, max_lr=0.1, cycle_length=0.8dur, cooldown_length=0.2dur, finish_lr=0.0001)",
        "cyclical(shape=cosine, min_lr=0.001, max_lr=0.1, cycle_length=1000, cycle_length_decay=2, cycle_magnitude_decay=0.5)",
        "cyclical(shape=triangular, min_lr=0.001, max_lr=0.1, cycle_length=1000)",
        "sgdr(max_lr=0.1, cycle_length=1000, cycle_mult=2)", "multiplicative_cyclic(peak_lr=0.1, warmup=1ep, first_period=1ep, factor=2)",
        "rex(max_lr=0.1)", "rex(max_lr=0.1, samples=10)", "constant_then_cosine(lr=0.1)", "exp_warmup(length=0.5dur)",
        "warmup_cosine(peak_lr=0.1, warmup=1ep)", "wsd(peak_lr=0.1, warmup=1ep, decay=0.2dur)",
        "join(FIX(k0=0.01), cosine(max_lr=0.1), FIX(k0=0.001), at=[1000, 500000])", "repeat(cosine(max_lr=0.1, length=1000), period=1000)",
        "multiply(cosine(max_lr=1), EXP(k0=0.1, gamma=0.99999))", "scale(cosine(max_lr=1), factor=0.1)", "sample(cosine(max_lr=0.1), every=1ep)",
        "noise(cosine(max_lr=0.1), pct=0.1)",
    ];
}
