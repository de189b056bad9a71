namespace LRBench.Studies.Model.Results;

/// <summary>One recorded race decision: a setting after a round, on what evidence, and what was decided.</summary>
/// <param name="Round">The round (1 is the first test, after the race's first seeds).</param>
/// <param name="Setting">The setting's key (policy, method and optimizer; the same for all its seeds).</param>
/// <param name="Label">The setting's label, for display.</param>
/// <param name="Seeds">How many seeds of it had finished.</param>
/// <param name="MeanScore">Its mean score over them, higher better (NaN when it has none).</param>
/// <param name="Decision">What the round decided.</param>
/// <param name="Statistic">The test statistic that decided (t of the paired test, or Friedman's T); NaN when none applied.</param>
/// <param name="PValue">Its p-value (Holm-adjusted for t-holm, Friedman's for friedman); NaN when none applied.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Worker">The worker that took the decision.</param>
public sealed record RaceDecisionRow(
    int Round, string Setting, string Label, int Seeds, double MeanScore, RaceDecision Decision, double Statistic, double PValue, string Reason, string Worker);
