namespace LRBench.Studies.Model.Results;

/// <summary>
/// What a store knows across its studies, task by task: the evidence a recommendation is drawn from. The store's read
/// side implements it; the recommender reads only this, so analysis never depends on storage.
/// </summary>
public interface ITaskResults
{
    /// <summary>Every task the store holds results for.</summary>
    IReadOnlyList<TaskRow> Tasks();

    /// <summary>The finished trials (completed, diverged, pruned) of one task, across its studies.</summary>
    IReadOnlyList<TrialRow> FinishedTrialsOfTask(long taskId);

    /// <summary>The evaluations of the trials given.</summary>
    IReadOnlyList<EvaluationRow> EvaluationsOfTrials(IReadOnlyCollection<long> trialIds);

    /// <summary>The lowest and highest learning rate each trial's trace reached.</summary>
    IReadOnlyDictionary<long, (double Min, double Max)> LearningRateRanges(IReadOnlyCollection<long> trialIds);
}
