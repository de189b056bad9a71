using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;

namespace LRBench.Studies.Running;

/// <summary>
/// Turns a study definition into its trials on its task: runs the range test that fills the
/// policies' placeholders (once; its values are kept in OUTPUTS/range-test.json), lays tradeoff curves out in
/// steps of the data's epoch, and compiles every policy against the real clock before anything trains.
/// </summary>
/// <param name="outputDirectory">Where the range test's values go (range-test.json); its plot is the caller's to write.</param>
public sealed class StudyPlanner(string outputDirectory)
{
    /// <summary>The values the range test gave the study's placeholders, once <see cref="Plan(StudyDefinition, TrainingTask)"/> has run; null when the study has none.</summary>
    public IReadOnlyDictionary<string, double>? RangeTestValues { get; private set; }

    /// <summary>The range test run by the last <see cref="Plan(StudyDefinition, TrainingTask)"/>; null when it ran earlier (its values were read back) or not at all.</summary>
    public RangeTestResult? RangeTest { get; private set; }

    /// <summary>
    /// Warnings found while planning, each with the study file's line: settings that are valid but will not do what
    /// they are for (an adaptive policy that cannot react, <see cref="LRBench.Schedules.AdaptiveSchedule.Caution"/>).
    /// </summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>The study's trials on <paramref name="data"/> (a built-in task), checked.</summary>
    public IReadOnlyList<Trial> Plan(StudyDefinition study, DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(data);
        return Plan(study, ImageClassificationTask.Create(study.Task.Model, data));
    }

    /// <summary>
    /// The study's trials on <paramref name="task"/>, checked: throws a <see cref="StudyFileException"/> naming the
    /// policy that does not compile, and a <see cref="TaskException"/> for a task that cannot train (before anything
    /// is registered).
    /// </summary>
    public IReadOnlyList<Trial> Plan(StudyDefinition study, TrainingTask task)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(task);
        if (study.NeedsRangeTest) study = study.Resolve(RangeTestFirst(study, task));
        study = study.ForEpochLength(Trainer.StepsPerEpochFor(task.Train.Count, study.Task.BatchSize));
        var trials = study.Trials();
        if (study.Pruner is { } pruner) trials = WithRungs(study, pruner, trials, task);
        Warnings = Validate(study, trials, task, outputDirectory);
        // A race registers its first seeds only; later seeds are added for the settings still in it (Racing.RaceRounds).
        if (study.Racer is { } racer)
        {
            var first = racer.Seeds.Take(racer.FirstSeeds).ToHashSet();
            trials = [.. trials.Where(t => first.Contains(t.Seed))];
        }

        return trials;
    }

    /// <summary>
    /// Places the pruner's rungs on every trial against the task's real epoch length: each judged step becomes an
    /// evaluation step, each probed one an anneal probe. A pruner with nothing to judge before the end is a study-file
    /// error, named with the pruner's line, before anything is registered.
    /// </summary>
    private static IReadOnlyList<Trial> WithRungs(StudyDefinition study, PrunerDefinition pruner, IReadOnlyList<Trial> trials, TrainingTask task)
    {
        long stepsPerEpoch = Trainer.StepsPerEpochFor(task.Train.Count, study.Task.BatchSize);
        var placed = new List<Trial>(trials.Count);
        foreach (var trial in trials)
        {
            var trainer = new Trainer(task, trial.Training);
            var steps = Pruning.RungPlanner.RungSteps(pruner, trainer.Clock, trainer.EvaluationInterval);
            if (steps.Count == 0) throw new StudyFileException($"{study.SourcePath}:{pruner.Line}: pruner: {StudyParser.NoRungProblem(pruner, study.Task)}");
            // A race that screens with the pruner judges only at the first rung (RacerDefinition.Screen).
            if (study.Racer is { ScreensFirstRungOnly: true }) steps = [steps[0]];
            Func<long, double>? lr = trainer.Schedule is LRBench.Schedules.AdaptiveSchedule ? null : trainer.Schedule.LearningRate;
            double probeSteps = pruner.Fair is { } fair ? trainer.Clock.ToSteps(fair.Anneal, "pruner.fair.anneal") : 0;
            // A probe is a short decay judged at a rung; one longer than the whole run would cost more than the run.
            if (probeSteps > trainer.TotalSteps)
                throw new StudyFileException($"{study.SourcePath}:{pruner.Line}: pruner.fair.anneal: {pruner.Fair!.Anneal} is {probeSteps:G4} steps, longer than the run's {trainer.TotalSteps} steps; an anneal probe is a short decay (default 0.1ep)");
            long probe = pruner.Fair is not null ? Math.Max(1, (long)Math.Round(probeSteps)) : 0;
            var rungs = Pruning.RungPlanner.Place(steps, lr, pruner.Fair, probe);
            placed.Add(trial with
            {
                Rungs = rungs,
                Training = trial.Training with
                {
                    EvaluateAtSteps = [.. trial.Training.EvaluateAtSteps.Concat(rungs.Select(r => r.Step)).Distinct().Order()],
                    AnnealProbes = rungs.Any(r => r.ProbeSteps > 0) ? new AnnealProbes([.. rungs.Where(r => r.ProbeSteps > 0).Select(r => r.Step)], probe) : null,
                },
            });
        }

        // The queue's order, shuffled by the pruner's seed (see PrunerDefinition.Seed).
        var order = LRBench.Schedules.SeededRandom.For(pruner.Seed, "pruner-queue", 0).Permutation(placed.Count);
        return [.. order.Select(i => placed[i])];
    }

    /// <summary>
    /// Runs the study's range test once and keeps its values in OUTPUTS/range-test.json: every later run (a resume,
    /// another worker with the same outputs) reuses them, so the filled-in specs, and with them the trial keys, never
    /// change under a study.
    /// </summary>
    private Dictionary<string, double> RangeTestFirst(StudyDefinition study, TrainingTask data)
    {
        string file = Path.Combine(outputDirectory, "range-test.json");
        if (File.Exists(file))
        {
            Dictionary<string, double>? stored;
            try
            {
                stored = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(file));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new InvalidDataException($"{file} is damaged ({e.Message}); it should hold the range test's values as {{\"name\": number}}. Delete it to run the range test again.", e);
            }

            if (stored is null || stored.Count == 0 || stored.Values.Any(v => !double.IsFinite(v) || v <= 0))
                throw new InvalidDataException($"{file} holds no usable range-test values (positive numbers by name); delete it to run the range test again");
            RangeTestValues = stored;
            return stored;
        }

        var rt = study.RangeTest ?? new StudyRangeTest();
        long stepsPerEpoch = Trainer.StepsPerEpochFor(data.Train.Count, study.Task.BatchSize);
        var sweep = new Analysis.RangeTestOptions { StartLr = rt.StartLr, EndLr = rt.EndLr, Steps = rt.Steps ?? stepsPerEpoch, Linear = rt.Linear };
        var settings = new TrainingOptions
        {
            Data = study.Task.Data,
            Model = study.Task.Model,
            Optimizer = study.Task.Optimizer,
            BatchSize = study.Task.BatchSize,
            Seed = study.Seeds[0],
            Threads = Environment.ProcessorCount,
            Device = study.Task.Device,
        };
        var result = Analysis.RangeTest.Run(data, settings, sweep, null);
        RangeTest = result;
        var values = result.PlaceholderValues();
        Directory.CreateDirectory(outputDirectory);
        string tmp = file + ".tmp";
        File.WriteAllText(tmp, System.Text.Json.JsonSerializer.Serialize(values));
        File.Move(tmp, file, overwrite: true);
        RangeTestValues = values;
        return values;
    }

    /// <summary>
    /// Compiles every distinct policy and method against the real clock (steps per epoch of the task's data), once
    /// each, and runs the task's model on a first batch (<see cref="Trainer.CheckTask()"/>). Returns the warnings.
    /// </summary>
    private static IReadOnlyList<string> Validate(StudyDefinition study, IReadOnlyList<Trial> trials, TrainingTask data, string outputDirectory)
    {
        var lines = study.Policies.GroupBy(p => p.Policy).ToDictionary(g => g.Key, g => g.First().Line);
        var warnings = new List<string>();
        foreach (var trial in trials.DistinctBy(t => (t.Policy, t.Method, t.ChosenOptimizer)))
        {
            try
            {
                var trainer = new Trainer(data, trial.ForRun(Path.Combine(outputDirectory, "trials", trial.Key))); // checks only: nothing is written
                if (trainer.Schedule is LRBench.Schedules.AdaptiveSchedule { Caution: { } caution })
                    warnings.Add($"{study.SourcePath}:{lines.GetValueOrDefault(trial.Policy)}: {LRBench.Schedules.Specs.SpecFormatter.ToText(trial.Policy)}: {caution}");
            }
            catch (Exception e) when (e is ArgumentException or LRBench.Schedules.SpecException)
            {
                string text = LRBench.Schedules.Specs.SpecFormatter.ToText(trial.Policy);
                throw new StudyFileException($"{study.SourcePath}:{lines.GetValueOrDefault(trial.Policy)}: {text}: {e.Message}", e);
            }
        }

        if (trials.Count > 0) new Trainer(data, trials[0].ForRun(Path.Combine(outputDirectory, "trials", trials[0].Key))).CheckTask();
        return [.. warnings.Distinct()];
    }
}
