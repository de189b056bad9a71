namespace LRBench.Studies.Model.Trials;

/// <summary>
/// Where a trial is judged for one rung: after <see cref="Step"/> steps, on the evaluation there, or, when
/// <see cref="ProbeSteps"/> is positive, on a probe annealed for that many steps from there.
/// </summary>
/// <param name="Index">The rung (0 is the first).</param>
/// <param name="RungStep">The rung's own step (min_resource x eta^index in steps).</param>
/// <param name="Step">The step the trial is judged at: the rung's, or with fair rungs a cycle end at or before it.</param>
/// <param name="ProbeSteps">The length of the probe anneal; 0 judges the evaluation at <see cref="Step"/> itself.</param>
public sealed record Rung(int Index, long RungStep, long Step, long ProbeSteps);
