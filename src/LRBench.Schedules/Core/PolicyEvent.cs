namespace LRBench.Schedules;

/// <summary>A decision an adaptive policy took after <paramref name="Step"/> steps, with a one-line explanation.</summary>
public sealed record PolicyEvent(long Step, string Kind, string Message);
