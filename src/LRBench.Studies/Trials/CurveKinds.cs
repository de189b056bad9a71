namespace LRBench.Studies.Trials;

/// <summary>The ways a tradeoff study samples accuracy against training time.</summary>
public static class CurveKinds
{
    /// <summary>One run: warm-up, then cosine cycles of periods a, a r, a r^2, ...; sampled at every cycle end (seed 000).</summary>
    public const string Cyclic = "cyclic";

    /// <summary>One run per duration: the same warm-up, then a single cosine decay to the end.</summary>
    public const string Standard = "standard";

    /// <summary>The cyclic run with each cycle's peak multiplied by peak_decay (seed 000's first open direction).</summary>
    public const string Decaying = "decaying";

    /// <summary>Warm-up then constant peak LR, snapshot before every fork point (its own points have no cool-down).</summary>
    public const string Trunk = "trunk";

    /// <summary>A copy of the trunk cooled down over the last fraction f of one duration (warmup-stable-decay).</summary>
    public const string Fork = "fork";

    /// <summary>What a user can ask for, in the order trials are queued (a trunk before its forks).</summary>
    public static readonly string[] Requestable = [Cyclic, Standard, Decaying, Fork];
}
