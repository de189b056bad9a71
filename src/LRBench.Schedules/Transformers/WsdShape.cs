namespace LRBench.Schedules.Transformers;

/// <summary>The shapes get_wsd_schedule offers for its warm-up and decay phases.</summary>
public enum WsdShape
{
    /// <summary>A straight line.</summary>
    Linear,
    /// <summary>Half a cosine.</summary>
    Cosine,
    /// <summary>1 - sqrt(x) for the decay (and its mirror image for the warm-up).</summary>
    OneMinusSqrt,
}
