using LRBench.Studies.Model.Trials;
namespace LRBench.Studies.Tradeoff;

/// <summary>A snapshot ensemble of the last <see cref="Members"/> cycle ends, at a sampled duration.</summary>
public sealed record EnsembleCurvePoint(string Method, CurveKind Curve, int Point, double Epochs, int Members, double Top1, double Top1Std, int Seeds);
