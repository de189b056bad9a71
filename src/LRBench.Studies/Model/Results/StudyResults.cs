namespace LRBench.Studies.Model.Results;

/// <summary>
/// Everything stored about one study, read at one moment: what ranking, tradeoff analysis, recommendation and reports
/// take as input. Immutable; reading it again gives a newer copy.
/// </summary>
public sealed record StudyResults(
    StudyRow Study, IReadOnlyList<TrialRow> Trials, IReadOnlyList<EvaluationRow> Evaluations, IReadOnlyList<TraceRow> Trace, IReadOnlyList<EnsembleRow> Ensembles);
