namespace LRBench.Schedules.Specs;

/// <summary>Where a policy comes from; groups the listing.</summary>
public enum PolicyFamily
{
    /// <summary>The 13 functions of the LRBench paper.</summary>
    LRBench,
    /// <summary>torch.optim.lr_scheduler, by class name.</summary>
    PyTorch,
    /// <summary>timm.scheduler, by class name.</summary>
    Timm,
    /// <summary>transformers' get_*_schedule functions.</summary>
    Transformers,
    /// <summary>Shapes from the literature (SGDR, 1cycle, REX, WSD, multiplicative cycles, warm-up shapes).</summary>
    Shapes,
    /// <summary>Policies made of other policies (join, repeat, multiply, sample, noise, warm-up wrappers).</summary>
    Composition,
    /// <summary>Policies that react to the training loss (AutoWU).</summary>
    Adaptive,
}
