using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Catalogue;

/// <summary>The built-in catalogue, one file per family.</summary>
public static class BuiltInPolicies
{
    /// <summary>
    /// The built-in step-only policies, compiled by name. LRBench.Adaptive's <c>Policies.Registry</c> holds these and
    /// AutoWU, and is the one to use when a program references it (the Training and Studies packages do).
    /// </summary>
    // This package knows only the step-only policies; adaptive ones live in LRBench.Adaptive: its "unknown policy"
    // message says where, rather than that the policy does not exist.
    public static PolicyRegistry Registry { get; } = new(All(),
        elsewhere: "BuiltInPolicies.Registry holds the step-only policies, LRBench.Adaptive.Policies.Registry every policy (autowu included)");

    /// <summary>Every built-in policy: the LRBench functions, PyTorch's, timm's and transformers' schedulers, the shapes and the composition policies.</summary>
    public static IEnumerable<PolicyDefinition> All() =>
        PaperPolicies.All()
            .Concat(PyTorchPolicies.All())
            .Concat(TimmPolicies.All())
            .Concat(TransformersPolicies.All())
            .Concat(ShapePolicies.All())
            .Concat(CompositionPolicies.All());

    internal static ParameterDefinition BaseLr(string description = "the optimizer's initial learning rate (default: the run's base learning rate)") =>
        Param.Number("base_lr", description, min: 0, minExclusive: true, optional: true);

    internal static ParameterDefinition LastEpoch() =>
        Param.Integer("last_epoch", "PyTorch's resume index; only -1 (resume with the driver's saved position)", @default: -1);

    internal static ParameterDefinition Verbose() =>
        Param.Bool("verbose", "PyTorch's deprecated logging flag; accepted and ignored", false);
}
