namespace LRBench.Studies.Model.Definitions;

/// <summary>A range test to run before the trials; its results fill the placeholders ($k0, $k1, ...) of the policies.</summary>
public sealed record StudyRangeTest(long? Steps = null, double StartLr = 1e-5, double EndLr = 1.0, bool Linear = false);
