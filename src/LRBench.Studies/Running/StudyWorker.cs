using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Running;

/// <summary>
/// A worker a user starts in their own program, for studies of their own tasks: their model's code lives there, as
/// an Optuna objective does. It runs the unfinished trials of every study in the store whose task the given catalog
/// has (a user's task by name, or a built-in one when asked for), and leaves the others alone. Start
/// one per machine on a shared store; killed workers' trials are taken over when their lease runs out.
/// </summary>
public static class StudyWorker
{
    /// <summary>
    /// Drains the store's studies this worker has tasks for, one after the other; returns what each run did.
    /// <paramref name="options"/>' output folder holds one subfolder per study (shared by all workers, so a taken-over
    /// trial resumes from its checkpoint); its <see cref="RunnerOptions.Tasks"/> is replaced by <paramref name="tasks"/>.
    /// </summary>
    public static IReadOnlyList<StudyRunSummary> Run(
        StudyStore store, TaskCatalog tasks, RunnerOptions options, bool includeBuiltInTasks = false, IStudyObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(options);
        var summaries = new List<StudyRunSummary>();
        foreach (var study in store.Results.Studies())
        {
            if (cancel.IsCancellationRequested) break;
            var trials = store.Results.Trials(study.Id);
            if (trials.Count == 0 || trials.All(t => t.Status.IsFinished())) continue;
            string model = trials[0].Trial.Training.Model;
            bool userTask = TaskDefinition.UserTaskName(model) is not null;
            if (!tasks.CanRun(model) || (!userTask && !includeBuiltInTasks)) continue;

            // The name comes from the store, which anyone can write: it must be a valid name before it names a folder.
            if (!StudyName.IsValid(study.Name))
                throw new StoreException($"the store holds a study named '{study.Name}', which is not a valid study name ({StudyName.Rule})");
            var runner = new StudyRunner(store, options with
            {
                OutputDirectory = ContainedPath.Combine(options.OutputDirectory, study.Name),
                Tasks = tasks,
                WaitForOthers = true,
            });
            summaries.Add(runner.Run(study.Id, observer, cancel));
        }

        return summaries;
    }
}
