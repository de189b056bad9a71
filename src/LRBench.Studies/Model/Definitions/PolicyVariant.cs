using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Optimization;

namespace LRBench.Studies.Model.Definitions;

/// <summary>One policy setting to try: a spec, with the grid point it came from.</summary>
/// <param name="Label">Short display name, e.g. <c>TRI2 k0=0.001 k1=0.05</c>.</param>
/// <param name="Function">The registry name of the outer policy (TRI2, warmup_cosine, ...).</param>
/// <param name="Policy">The spec; until the study's range test has run it may hold placeholders (<see cref="RangePlaceholders"/>).</param>
/// <param name="Parameters">The parameters as written in the study (grid values included), for tables.</param>
/// <param name="Line">Where in the study file it was defined (for error messages).</param>
public sealed record PolicyVariant(string Label, string Function, PolicySpec Policy, IReadOnlyDictionary<string, string> Parameters, int Line)
{
    /// <summary>In a tradeoff study: the curve this variant samples and its run length; null in a policy study.</summary>
    public CurveRole? Curve { get; init; }

    /// <summary>A fork's trunk: the variant whose snapshot (same method and seed) this one starts from.</summary>
    public PolicyVariant? StartFrom { get; init; }

    /// <summary>
    /// The optimizer this entry trains with instead of the task's (<c>policies[].optimizer</c>: a schedule-free
    /// optimizer beside the schedules, say); null: the task's. Its trials' keys cover it, so the same spec under two
    /// optimizers is two settings.
    /// </summary>
    public OptimizerOptions? Optimizer { get; init; }

    /// <summary>For a setting of a Bayesian search: the search's id; null otherwise.</summary>
    public string? SearchId { get; init; }

    /// <summary>The spec as one line of text, for messages and tables.</summary>
    public string SpecText => SpecFormatter.ToText(Policy);
}
