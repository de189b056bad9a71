using LRBench.Studies.Definition;
using LRBench.Studies.Trials;
using LRBench.Training.Data;
using LRBench.Training.Engine;

namespace LRBench.Studies.Running;

/// <summary>
/// Turns a study definition into its trials, once the data is loaded: runs the range test that fills the
/// policies' placeholders (once; its values are kept in OUTPUTS/range-test.json), lays tradeoff curves out in
/// steps of the data's epoch, and compiles every policy against the real clock before anything trains.
/// </summary>
/// <param name="outputDirectory">Where the range test's values and plot go.</param>
public sealed class StudyPlanner(string outputDirectory)
{
    /// <summary>The values the range test gave the study's placeholders, once <see cref="Plan"/> has run; null when the study has none.</summary>
    public IReadOnlyDictionary<string, double>? RangeTestValues { get; private set; }

    /// <summary>The study's trials on <paramref name="data"/>, checked; throws a <see cref="StudyFileException"/> naming the policy that does not compile.</summary>
    public IReadOnlyList<Trial> Plan(StudyDefinition study, DataBundle data)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(data);
        if (study.NeedsRangeTest) study = study.Resolve(RangeTestFirst(study, data));
        study = study.ForEpochLength(Trainer.StepsPerEpochFor(data.Train.Count, study.Task.BatchSize));
        var trials = study.Trials();
        Validate(study, trials, data, outputDirectory);
        return trials;
    }

    /// <summary>
    /// Runs the study's range test once and keeps its values in OUTPUTS/range-test.json: every later run (a resume,
    /// another worker with the same outputs) reuses them, so the filled-in specs, and with them the trial keys, never
    /// change under a study.
    /// </summary>
    private Dictionary<string, double> RangeTestFirst(StudyDefinition study, DataBundle data)
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
        var task = new TrainingOptions
        {
            Model = study.Task.Model,
            Optimizer = study.Task.Optimizer,
            BatchSize = study.Task.BatchSize,
            Seed = study.Seeds[0],
            Threads = Environment.ProcessorCount,
        };
        var result = Analysis.RangeTest.Run(task, data, sweep);
        var values = Reports.RangeTestReport.Values(result);
        Reports.RangeTestReport.Write(result, outputDirectory);
        string tmp = file + ".tmp";
        File.WriteAllText(tmp, System.Text.Json.JsonSerializer.Serialize(values));
        File.Move(tmp, file, overwrite: true);
        RangeTestValues = values;
        return values;
    }

    /// <summary>Compiles every distinct policy and method against the real clock (steps per epoch of the loaded data), once each.</summary>
    private static void Validate(StudyDefinition study, IReadOnlyList<Trial> trials, DataBundle data, string outputDirectory)
    {
        var lines = study.Policies.GroupBy(p => p.Policy).ToDictionary(g => g.Key, g => g.First().Line);
        foreach (var trial in trials.DistinctBy(t => (t.Policy, t.Method)))
        {
            try
            {
                _ = new Trainer(trial.ForRun(Path.Combine(outputDirectory, "trials", trial.Key)), data); // checks only: nothing is written
            }
            catch (Exception e) when (e is ArgumentException or LRBench.Schedules.SpecException)
            {
                string text = LRBench.Schedules.Specs.SpecFormatter.ToText(trial.Policy);
                throw new StudyFileException($"{study.SourcePath}:{lines.GetValueOrDefault(trial.Policy)}: {text}: {e.Message}", e);
            }
        }
    }
}
