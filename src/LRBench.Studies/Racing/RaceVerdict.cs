namespace LRBench.Studies.Racing;

/// <summary>A round's verdict on one entrant.</summary>
/// <param name="Setting">The entrant's key.</param>
/// <param name="Eliminated">True when it gets no more seeds.</param>
/// <param name="Statistic">The statistic that decided (NaN when none applied).</param>
/// <param name="PValue">Its p-value (NaN when none applied).</param>
/// <param name="Reason">Why, in words.</param>
public sealed record RaceVerdict(string Setting, bool Eliminated, double Statistic, double PValue, string Reason);
