using LRBench.Schedules.Catalogue;
using LRBench.Schedules.Specs;

namespace LRBench.Adaptive;

/// <summary>
/// The whole policy catalogue: the schedule library's built-in policies plus the adaptive ones defined here. Training,
/// studies and the CLI compile specs against <see cref="Registry"/>; <see cref="BuiltInPolicies.Registry"/> holds only
/// the step-only policies.
/// </summary>
public static class Policies
{
    /// <summary>Every policy: <see cref="BuiltInPolicies.Registry"/>'s and AutoWU.</summary>
    public static PolicyRegistry Registry { get; } = new(BuiltInPolicies.All().Append(AutoWuPolicy.Definition));
}
