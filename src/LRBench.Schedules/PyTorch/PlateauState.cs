namespace LRBench.Schedules.PyTorch;

/// <summary>Everything that decides ReduceLROnPlateau's next LR; saved whole, so a resumed run reduces at the same readings.</summary>
internal sealed record PlateauState
{
    public long Steps { get; init; }

    public long Readings { get; init; }

    public double Best { get; init; }

    public long BadReadings { get; init; }

    public long CooldownCounter { get; init; }

    public double[] Rates { get; init; } = [];

    public long Smoothed { get; init; }

    public double Average { get; init; }

    public PolicyEvent[] Events { get; init; } = [];
}
