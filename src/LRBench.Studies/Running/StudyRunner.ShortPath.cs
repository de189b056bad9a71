using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Storage;
using LRBench.Training.Tasks;

namespace LRBench.Studies.Running;

/// <summary>The short path: a study registered (or found again), run and ranked in one call.</summary>
public sealed partial class StudyRunner
{
    /// <summary>
    /// The short path, in one call: opens <paramref name="store"/> (<c>sqlite:PATH</c> or a PostgreSQL URL), registers
    /// the study there or finds it again (a rerun runs only what is unfinished; a changed study under the same name is a
    /// <see cref="StudyConflictException"/>), runs its trials and returns the ranking with its best policy.
    /// </summary>
    /// <param name="study">The study (<see cref="Definition.StudyBuilder"/> or a study file).</param>
    /// <param name="store">Where results are kept.</param>
    /// <param name="task">The program's own task, when the study names one (<c>TaskDefinition.ForTask</c>); null for a built-in task.</param>
    /// <param name="options">Runner settings; by default checkpoints go to NAME-runs in the current folder, trials run one at a time.</param>
    /// <param name="observer">Watches the run (progress, trial ends); none by default.</param>
    /// <param name="cancel">Stops the run after checkpointing; what is finished is ranked.</param>
    public static StudyOutcome RunAndRank(
        StudyDefinition study, string store, TrainingTask? task = null, RunnerOptions? options = null, IStudyObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        options ??= new RunnerOptions { OutputDirectory = Path.Combine(Environment.CurrentDirectory, study.Name + "-runs") };
        if (task is not null && !options.Tasks.CanRun(TaskDefinition.ForTask(task.Name).Model)) options.Tasks.Add(task);
        using var opened = StudyStore.Open(StoreLocation.Parse(store), options.Time, StudyParser.ParseStored);
        var summary = new StudyRunner(opened, options).SubmitAndRun(study, observer, cancel);
        var row = opened.Results.FindStudy(study.Name)!;
        var results = opened.Results.Load(row);
        return new StudyOutcome(summary, results, Ranking.Rank(results.Trials, results.Evaluations, study.TargetAccuracy, metric: results.Study.Metric));
    }

    /// <summary>Submits a study built in code (its <see cref="StudyDefinition.CanonicalText"/> is what the store keeps) and runs every unfinished trial.</summary>
    public StudyRunSummary SubmitAndRun(StudyDefinition study, IStudyObserver? observer, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(study);
        return SubmitAndRun(study, study.CanonicalText(), observer, cancel);
    }
}
