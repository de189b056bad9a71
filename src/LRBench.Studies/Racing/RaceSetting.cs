using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Racing;

/// <summary>A setting's next seed in a race (a setting's trials share <see cref="Trial.SettingKey"/>).</summary>
public static class RaceSetting
{
    /// <summary>
    /// The same trial on another seed: its key follows the seed; with <paramref name="unpruned"/> (a race whose pruner
    /// only screened the first round) it also loses its rungs and anneal probes, and runs to the end unjudged.
    /// </summary>
    public static Trial WithSeed(Trial trial, long seed, bool unpruned = false)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var next = trial with
        {
            Key = Trial.KeyOf(trial.Policy, trial.Method, seed, trial.Curve, trial.ChosenOptimizer),
            Training = trial.Training with { Seed = seed },
        };
        if (!unpruned || next.Rungs.Count == 0) return next;
        // The evaluations at the rung steps stay, so every seed's curve is measured at the same points.
        return next with { Rungs = [], Training = next.Training with { AnnealProbes = null } };
    }
}
