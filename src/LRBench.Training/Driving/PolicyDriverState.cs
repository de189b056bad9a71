namespace LRBench.Training.Driving;

/// <summary>Where a driver is in its policy; enough to resume a run exactly. <paramref name="Adaptive"/>: an adaptive policy's own state (JSON).</summary>
public sealed record PolicyDriverState(long Step, string? Adaptive = null);
