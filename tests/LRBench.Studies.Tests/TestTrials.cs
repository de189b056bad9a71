using LRBench.Schedules.Specs;
using LRBench.Training.Engine;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Settings;

namespace LRBench.Studies.Tests;

/// <summary>Trial values for tests that build rows by hand (analysis on fabricated results).</summary>
internal static class TestTrials
{
    public static Trial Make(string label, string spec = "FIX(k0=0.01)", string method = "baseline", long seed = 0, CurveRole? curve = null)
    {
        var policy = PolicySpec.Parse(spec);
        var methods = new MethodSet(method);
        return new Trial
        {
            Key = Trial.KeyOf(policy, methods, seed, curve),
            Label = label,
            Function = policy.Name,
            Method = methods,
            Training = new TrainingOptions { Policy = policy, Seed = seed },
            Curve = curve,
        };
    }
}
