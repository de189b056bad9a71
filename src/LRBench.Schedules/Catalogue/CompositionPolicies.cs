using LRBench.Schedules.Composition;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Catalogue;

/// <summary>Combinators: join in time, repeat, multiply, scale, sample, add noise.</summary>
internal static class CompositionPolicies
{
    public static IEnumerable<PolicyDefinition> All()
    {
        var inner = Param.Policy("schedule", "the wrapped policy");

        yield return Define("join", "policies one after another; piece i starts at at[i-1] on its own clock (optax join_schedules)",
            [Param.Policies("schedules", "the pieces, in order"), Param.List("at", ParameterKind.StepsList, "where each later piece starts", min: 0)],
            a =>
            {
                var pieces = a.Policies("schedules");
                var at = a.StepsList("at").Select(s => (long)Math.Round(s)).ToList();
                if (at.Count != pieces.Count - 1) throw a.Fail("at", $"needs {pieces.Count - 1} boundaries for {pieces.Count} pieces (got {at.Count})");
                for (int i = 1; i < at.Count; i++)
                {
                    if (at[i] <= at[i - 1]) throw a.Fail("at", $"must be strictly increasing (got [{string.Join(", ", at)}] steps)");
                }

                return new Join(pieces, at);
            },
            positional: "schedules");

        yield return Define("repeat", "repeat a policy every period (t mod period)",
            [inner, Param.Steps("period", "repetition period")],
            a => new Repeat(a.Policy("schedule"), a.WholeSteps("period")),
            positional: "schedule");

        yield return Define("multiply", "product of several policies' LRs",
            [Param.Policies("schedules", "the factors")],
            a => new Multiply(a.Policies("schedules")),
            positional: "schedules");

        yield return Define("scale", "a policy's LR times a constant factor",
            [inner, Param.Number("factor", "the multiplier", min: 0)],
            a => new Scale(a.Policy("schedule"), a.Number("factor")),
            positional: "schedule");

        yield return Define("sample", "update the LR only every `every` steps (or `count` times over `over`) and hold it: a sampling rate",
            [inner, Param.Steps("every", "interval between updates", optional: true), Param.Integer("count", "number of values over `over`", min: 1, optional: true), Param.Steps("over", "span for count", Duration.Fraction(1))],
            a =>
            {
                double? every = a.StepsOrNull("every");
                long? count = a.IntegerOrNull("count");
                if (every is null == count is null) throw a.Fail("every", "give exactly one of every=... or count=...");
                return new Sample(a.Policy("schedule"), every ?? (a.Steps("over") / count!.Value));
            },
            positional: "schedule");

        yield return Define("noise", "multiply the LR by (1 + n), n seeded per step (timm's LR noise), from start to end",
            [
                inner, Param.Number("pct", "noise bound as a fraction of the LR", 0.1, min: 0, max: 1, maxExclusive: true),
                Param.Integer("seed", "noise seed", 42), Param.Choice("type", "noise distribution", "normal", "normal", "uniform"),
                Param.Steps("start", "first noisy step", Duration.Steps(0), allowZero: true), Param.Steps("end", "end of the noise (default: never)", optional: true),
            ],
            a => new Noise(a.Policy("schedule"), a.Number("pct"), a.Integer("seed"), a.Choice("type") == "normal",
                (long)Math.Round(a.Steps("start")), a.StepsOrNull("end") is double e ? (long)Math.Round(e) : long.MaxValue),
            positional: "schedule");
    }

    private static PolicyDefinition Define(string name, string description, ParameterDefinition[] parameters, Func<PolicyArguments, Schedule> build, string? positional = null) =>
        new(name, PolicyFamily.Composition, description, parameters, build) { Positional = positional };
}
