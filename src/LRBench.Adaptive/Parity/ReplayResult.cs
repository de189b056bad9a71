namespace LRBench.Adaptive.Parity;

/// <summary>One replayed case: its name, whether it passed, and a one-line account.</summary>
public sealed record ReplayResult(string Case, bool Passed, string Detail);
