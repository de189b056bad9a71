namespace LRBench.Adaptive.Gp;

/// <summary>A <see cref="LossCurveRegressor"/>'s raw parameters (constant, raw outputscale, raw noise) and Adam's moments.</summary>
public sealed record RegressorState(double[] Theta, double[] FirstMoment, double[] SecondMoment, long AdamSteps);
