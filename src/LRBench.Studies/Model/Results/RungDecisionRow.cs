namespace LRBench.Studies.Model.Results;

/// <summary>One recorded rung decision: which trial, at which rung and step, on what score, and what was decided.</summary>
/// <param name="TrialId">The trial judged.</param>
/// <param name="Rung">The rung (0 is the first).</param>
/// <param name="Step">The step judged at (the rung's, or a cycle end before it with fair rungs).</param>
/// <param name="ProbeSteps">The anneal probe's length when the score came from one; 0 otherwise.</param>
/// <param name="Score">The score, higher better (top-1, the task metric in its direction, or minus the loss); NaN when nothing was measured.</param>
/// <param name="Decision">Continue or stop.</param>
/// <param name="Worker">The worker that took it.</param>
public sealed record RungDecisionRow(long TrialId, int Rung, long Step, long ProbeSteps, double Score, RungDecision Decision, string Worker);
