using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Racing;

/// <summary>A setting's next seed in a race (a setting's trials share <see cref="Trial.SettingKey"/>).</summary>
public static class RaceSetting
{
    /// <summary>The same trial on another seed: its key, and nothing else, follow the seed.</summary>
    public static Trial WithSeed(Trial trial, long seed)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial with
        {
            Key = Trial.KeyOf(trial.Policy, trial.Method, seed, trial.Curve, trial.ChosenOptimizer),
            Training = trial.Training with { Seed = seed },
        };
    }
}
