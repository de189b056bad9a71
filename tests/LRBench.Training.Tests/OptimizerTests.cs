using System.Runtime.InteropServices;
using LRBench.Training.Optimization;
using TorchSharp;
using static LRBench.Training.Tests.GradientSteps;
using static TorchSharp.torch;
using OptimizerOptions = LRBench.Training.Optimization.OptimizerOptions;

namespace LRBench.Training.Tests;

/// <summary>
/// Runs alone: one test compares with TorchSharp's own optimizers, whose Scalars a garbage collection started by a
/// parallel test could free mid-step, and one starts garbage collections on purpose.
/// </summary>
[CollectionDefinition("alone", DisableParallelization = true)]
public sealed class AloneCollection;

/// <summary>
/// SGD, Adam, AdamW and RMSprop (ours since TorchSharp's pass racy Scalars to native code): closed forms for first
/// steps, TorchSharp's implementation as a reference over many steps, checkpoints, and training on several threads
/// while garbage collections run.
/// </summary>
[Collection("alone")]
public sealed class OptimizerTests
{
    private static double[] Values(Tensor t) => t.detach().to_type(float64).data<double>().ToArray();

    private static TorchSharp.Modules.Parameter Weights(params double[] w) => nn.Parameter(tensor(w, dtype: float64));

    [Fact]
    public void Sgd_with_Nesterov_momentum_and_weight_decay_two_steps_by_hand()
    {
        // d = g + wd w; b1 = d1; w1 = w0 - lr (d1 + mu b1); b2 = mu b1 + d2; w2 = w1 - lr (d2 + mu b2).
        var w = Weights(1.0, -2.0);
        using var opt = new Sgd([w], new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true, WeightDecay = 0.01 });
        double[] w0 = [1.0, -2.0], g1 = [0.5, 0.25], g2 = [-1.0, 2.0];
        StepWithGradient(opt, w, g1);
        StepWithGradient(opt, w, g2);
        for (int i = 0; i < 2; i++)
        {
            double d1 = g1[i] + (0.01 * w0[i]), b1 = d1, w1 = w0[i] - (0.1 * (d1 + (0.9 * b1)));
            double d2 = g2[i] + (0.01 * w1), b2 = (0.9 * b1) + d2, expected = w1 - (0.1 * (d2 + (0.9 * b2)));
            Assert.Equal(expected, Values(w)[i], 12);
        }
    }

    [Fact]
    public void Adam_first_step_moves_every_weight_by_the_learning_rate_against_its_gradient()
    {
        // Step 1: m_hat = g and v_hat = g^2, so the step is lr g / (|g| + eps).
        var w = Weights(1.0, 1.0, 1.0);
        using var opt = new Adam([w], new MomentOptions { LearningRate = 0.01, Epsilon = 1e-8, WeightDecay = 0 });
        StepWithGradient(opt, w, [3.0, -0.5, 1e-3]);
        Assert.Equal(new[] { 1 - (0.01 * 3 / (3 + 1e-8)), 1 + (0.01 * 0.5 / (0.5 + 1e-8)), 1 - (0.01 * 1e-3 / (1e-3 + 1e-8)) }, Values(w), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Adam_weight_decay_is_a_gradient_penalty_and_AdamW_decays_the_weights_directly()
    {
        // A zero gradient: Adam with wd sees g = wd w and steps by lr sign(w); AdamW's Adam step is 0 / (0 + eps) and
        // only the decay w (1 - lr wd) remains.
        var a = Weights(2.0, -4.0);
        using (var adam = new Adam([a], new MomentOptions { LearningRate = 0.1, Epsilon = 1e-12, WeightDecay = 0.5 }))
            StepWithGradient(adam, a, [0, 0]);
        Assert.Equal(new[] { 1.9, -3.9 }, Values(a), new ToleranceComparer(1e-10));

        var b = Weights(2.0, -4.0);
        using (var adamw = new AdamW([b], new MomentOptions { LearningRate = 0.1, Epsilon = 1e-8, WeightDecay = 0.5 }))
            StepWithGradient(adamw, b, [0, 0]);
        Assert.Equal(new[] { 2 * 0.95, -4 * 0.95 }, Values(b), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void RmsProp_first_steps_by_hand_with_and_without_momentum()
    {
        // s1 = (1 - alpha) g^2; a1 = sqrt(s1) + eps; without momentum w -= lr g / a1; with momentum b1 = g / a1, w -= lr b1;
        // step 2 with momentum: s2 = alpha s1 + (1 - alpha) g2^2, b2 = mu b1 + g2 / a2.
        var w = Weights(1.0);
        using (var opt = new RmsProp([w], new RmsPropOptions { LearningRate = 0.01, Alpha = 0.9, Epsilon = 1e-8 }))
            StepWithGradient(opt, w, [2.0]);
        Assert.Equal(1 - (0.01 * 2 / (Math.Sqrt(0.1 * 4) + 1e-8)), Values(w)[0], 12);

        var v = Weights(1.0);
        using (var opt = new RmsProp([v], new RmsPropOptions { LearningRate = 0.01, Alpha = 0.9, Epsilon = 1e-8, Momentum = 0.5 }))
        {
            StepWithGradient(opt, v, [2.0]);
            StepWithGradient(opt, v, [-1.0]);
        }

        double s1 = 0.1 * 4, b1 = 2 / (Math.Sqrt(s1) + 1e-8), s2 = (0.9 * s1) + (0.1 * 1), b2 = (0.5 * b1) + (-1 / (Math.Sqrt(s2) + 1e-8));
        Assert.Equal(1 - (0.01 * b1) - (0.01 * b2), Values(v)[0], 12);
    }

    public static TheoryData<string, double, bool, double> Configurations => new()
    {
        { "sgd", 0, false, 0 },
        { "sgd", 0.9, false, 5e-4 },
        { "sgd", 0.9, true, 5e-4 },
        { "adam", 0, false, 0 },
        { "adam", 0, false, 1e-2 },
        { "adamw", 0, false, 1e-2 },
        { "rmsprop", 0, false, 0 },
        { "rmsprop", 0.9, false, 1e-3 },
    };

    private static torch.optim.Optimizer TorchSharps(string name, IEnumerable<TorchSharp.Modules.Parameter> p, double lr, double momentum, bool nesterov, double decay) => name switch
    {
        "sgd" => optim.SGD(p, lr, momentum: momentum, nesterov: nesterov, weight_decay: decay),
        "adam" => optim.Adam(p, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: decay),
        "adamw" => optim.AdamW(p, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: decay),
        _ => optim.RMSProp(p, lr, alpha: 0.99, eps: 1e-8, weight_decay: decay, momentum: momentum),
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Matches_TorchSharps_own_optimizer_over_many_steps_with_a_changing_learning_rate(string name, double momentum, bool nesterov, double decay)
    {
        using var ours = Model(1);
        using var theirs = Model(1);
        var options = new OptimizerOptions { Name = name, Momentum = momentum, Nesterov = nesterov, WeightDecay = decay };
        using var a = OptimizerFactory.Create(options, ours.parameters(), 0.05);
        using var b = TorchSharps(name, theirs.parameters(), 0.05, momentum, nesterov, decay);
        var (x, y) = Data(2);
        for (int t = 0; t < 30; t++)
        {
            foreach (var g in a.ParamGroups.Concat(b.ParamGroups)) g.LearningRate = 0.05 * Math.Pow(0.9, t);
            Step(ours, a, x, y);
            Step(theirs, b, x, y);
        }

        var pairs = ours.parameters().Zip(theirs.parameters());
        Assert.All(pairs, pair => Assert.True(allclose(pair.First, pair.Second, rtol: 1e-5, atol: 1e-7), $"{name}: largest difference {(pair.First - pair.Second).abs().max().item<float>()}"));
    }

    /// <summary>Ours with every setting but the LR left at its default.</summary>
    private static torch.optim.Optimizer OursWithDefaults(string name, IEnumerable<TorchSharp.Modules.Parameter> p, double lr) => name switch
    {
        "sgd" => new Sgd(p, new SgdOptions { LearningRate = lr }),
        "adam" => new Adam(p, new MomentOptions { LearningRate = lr }),
        "adamw" => new AdamW(p, new MomentOptions { LearningRate = lr }),
        _ => new RmsProp(p, new RmsPropOptions { LearningRate = lr }),
    };

    /// <summary>TorchSharp's, given PyTorch's documented defaults (torch.optim, 2.x) explicitly, so the test does not rest on TorchSharp's own.</summary>
    private static torch.optim.Optimizer PyTorchDefaults(string name, IEnumerable<TorchSharp.Modules.Parameter> p, double lr) => name switch
    {
        "sgd" => optim.SGD(p, lr, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false),
        "adam" => optim.Adam(p, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0),
        "adamw" => optim.AdamW(p, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01),
        _ => optim.RMSProp(p, lr, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0),
    };

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    public void With_defaults_every_optimizer_PyTorch_has_steps_as_PyTorchs_does(string name)
    {
        // A large LR and many steps: an eps of 1e-6 instead of 1e-8, or no AdamW decay, shows above the tolerance.
        using var ours = Model(5);
        using var theirs = Model(5);
        using var a = OursWithDefaults(name, ours.parameters(), 0.01);
        using var b = PyTorchDefaults(name, theirs.parameters(), 0.01);
        var (x, y) = Data(6);
        for (int t = 0; t < 40; t++)
        {
            Step(ours, a, x, y);
            Step(theirs, b, x, y);
        }

        Assert.All(ours.parameters().Zip(theirs.parameters()), pair => Assert.True(
            allclose(pair.First, pair.Second, rtol: 1e-5, atol: 1e-7), $"{name}: largest difference {(pair.First - pair.Second).abs().max().item<float>()}"));
    }

    [Fact]
    public void Settings_left_null_take_each_optimizers_own_default_and_the_users_options_are_not_changed()
    {
        var w = Weights(1.0);
        var options = new MomentOptions { LearningRate = 0.1 };
        using var adamw = new AdamW([w], options);
        using var lamb = new Lamb([Weights(1.0)], options);
        Assert.Null(options.Epsilon);
        Assert.Null(options.WeightDecay);
        var adamwGroup = (MomentParamGroup)adamw.ParamGroups.Single();
        var lambGroup = (MomentParamGroup)lamb.ParamGroups.Single();
        Assert.Equal((1e-8, 0.01), (adamwGroup.Options.Epsilon!.Value, adamwGroup.Options.WeightDecay!.Value)); // PyTorch
        Assert.Equal((1e-6, 0.0), (lambGroup.Options.Epsilon!.Value, lambGroup.Options.WeightDecay!.Value)); // timm
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("lamb")]
    [InlineData("adamp")]
    public void A_run_saved_and_loaded_halfway_ends_exactly_where_an_uninterrupted_run_does(string name)
    {
        var options = new OptimizerOptions { Name = name, Momentum = name == "rmsprop" ? 0.5 : 0.9, WeightDecay = 1e-3 };
        var (x, y) = Data(3);
        using var straight = Model(4);
        using (var opt = OptimizerFactory.Create(options, straight.parameters(), 0.02))
            for (int t = 0; t < 20; t++) Step(straight, opt, x, y);

        string dir = Directory.CreateTempSubdirectory("lrbench-opt-").FullName;
        try
        {
            using var first = Model(4);
            using (var opt = OptimizerFactory.Create(options, first.parameters(), 0.02))
            {
                for (int t = 0; t < 10; t++) Step(first, opt, x, y);
                first.save(Path.Combine(dir, "model.bin"));
                opt.save_state_dict(Path.Combine(dir, "opt.bin"));
            }

            using var resumed = Model(99);
            resumed.load(Path.Combine(dir, "model.bin"));
            using var again = OptimizerFactory.Create(options, resumed.parameters(), 0.02);
            again.load_state_dict(Path.Combine(dir, "opt.bin"));
            for (int t = 10; t < 20; t++) Step(resumed, again, x, y);
            Assert.All(straight.parameters().Zip(resumed.parameters()), pair => Assert.Equal(pair.First.data<float>().ToArray(), pair.Second.data<float>().ToArray()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Training_on_two_threads_while_garbage_collections_run_gives_the_single_thread_results()
    {
        // The failure this guards against: TorchSharp's SGD, two trainers in one process, and a collection freeing an
        // alpha Scalar inside add_ ("Expected false to be true" from c10, or a silently wrong step). Many small
        // parameters make the optimizer's own native calls most of the work, so a race there shows up: with
        // TorchSharp's SGD in place of ours this test fails. Every optimizer here must give bit-identical results.
        string[] names = ["sgd", "adam", "rmsprop"];
        float[] Train(string name)
        {
            using var scope = NewDisposeScope();
            var g = new Generator(8);
            var weights = Enumerable.Range(0, 200).Select(_ => nn.Parameter(randn(3, generator: g))).ToList();
            using var opt = OptimizerFactory.Create(new OptimizerOptions { Name = name, Nesterov = name == "sgd", WeightDecay = 1e-3 }, weights, 0.01);
            for (int t = 0; t < 150; t++)
            {
                using var step = NewDisposeScope();
                opt.zero_grad();
                stack(weights.Select(w => (w * w).sum())).sum().backward(); // gradient 2w
                opt.step();
            }

            return [.. weights.SelectMany(w => w.detach().data<float>().ToArray())];
        }

        var expected = names.ToDictionary(n => n, Train);
        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            foreach (string name in names)
            {
                var results = new float[2][];
                var errors = new Exception?[2];
                var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
                {
                    try
                    {
                        results[i] = Train(name);
                    }
                    catch (Exception e) when (e is ExternalException or InvalidOperationException)
                    {
                        errors[i] = e;
                    }
                })).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
                Assert.All(errors, e => Assert.True(e is null, $"{name}: {e?.Message.Split('\n')[0]}"));
                Assert.Equal(expected[name], results[0]);
                Assert.Equal(expected[name], results[1]);
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }
    }

    private static nn.Module<Tensor, Tensor> Model(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3));
    }

    private static (Tensor X, Tensor Y) Data(int seed)
    {
        var g = new Generator((ulong)seed);
        return (randn(32, 4, generator: g), randint(0, 3, [32], generator: g));
    }

    private static void Step(nn.Module<Tensor, Tensor> model, torch.optim.Optimizer opt, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        opt.zero_grad();
        nn.functional.cross_entropy(model.forward(x), y).backward();
        opt.step();
    }
}
