using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Racing;

/// <summary>What makes trials seeds of one setting in a race: their policy, method and optimizer (as rankings group them).</summary>
public static class RaceSetting
{
    /// <summary>The setting's key (<see cref="Trial.SettingKey"/>).</summary>
    public static string KeyOf(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial.SettingKey;
    }

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
