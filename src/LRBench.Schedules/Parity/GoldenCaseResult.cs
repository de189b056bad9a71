namespace LRBench.Schedules.Parity;

/// <summary>The outcome of one golden case.</summary>
public sealed record GoldenCaseResult(string Name, string Source, bool Passed, double MaxRelativeError, int Steps, string? Problem);
