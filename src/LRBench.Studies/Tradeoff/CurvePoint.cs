using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tradeoff;

/// <summary>One point of a curve for one method: a trained duration, its accuracy over seeds, and what it cost to get.</summary>
/// <param name="Method">The method set's name.</param>
/// <param name="Curve">One of <see cref="CurveKind"/>.</param>
/// <param name="Point">Index of the sampled duration (0 = shortest).</param>
/// <param name="Epochs">The duration trained, in epochs.</param>
/// <param name="Top1">Top-1 accuracy at the end of the duration, mean over seeds (a fraction).</param>
/// <param name="Top1Std">Its sample standard deviation over seeds.</param>
/// <param name="Seeds">How many seeds the point has.</param>
/// <param name="CostEpochs">Epochs trained to obtain this model (a fork: the trunk up to its start plus its cool-down).</param>
/// <param name="CostSeconds">Training seconds (steps only, evaluation excluded) to obtain this model, mean over seeds.</param>
public sealed record CurvePoint(string Method, CurveKind Curve, int Point, double Epochs, double Top1, double Top1Std, int Seeds, double CostEpochs, double CostSeconds);
