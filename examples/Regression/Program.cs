// A task that is not classification: an MLP learns y = sin(3 x1) + x2² / 2 + noise on [-1, 1]², and five
// learning-rate policies are compared on it. The task brings its own metric, R² (higher is better), which ranks the
// policies; a task without one is ranked by validation loss. Top-1, AC, CD and CDAC do not exist here ("-").
// Arguments: --quick (short runs, seconds; the tests use it), --out FOLDER (default regression-runs).
using System.Globalization;
using LRBench.Schedules;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Tasks;
using TorchSharp;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using static TorchSharp.torch;

bool quick = args.Contains("--quick");
int outAt = Array.IndexOf(args, "--out");
string output = outAt >= 0 && outAt + 1 < args.Length ? args[outAt + 1] : "regression-runs";
Directory.CreateDirectory(output);

using var train = Points(seed: 1, count: quick ? 1000 : 4000);
using var validation = Points(seed: 2, count: 1000);
var task = new TrainingTask
{
    Name = "sine-mlp",
    Model = () => nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1)),
    Train = train,
    Evaluation = validation,
    Objective = new LossObjective(
        (output, target) => nn.functional.mse_loss(output, target),
        new TaskMetric("r2", RSquared, HigherIsBetter: true)),
};

var study = new StudyBuilder("regression", TaskDefinition.ForTask(task.Name) with
    {
        BatchSize = 50,
        Budget = Duration.Epochs(quick ? 4 : 30),
        EvaluateEvery = Duration.Epochs(quick ? 2 : 5),
        CheckpointEvery = Duration.Epochs(5),
    })
    .Policy("FIX(k0=0.05)")
    .Policy("FIX(k0=0.005)")
    .Policy("STEP(k0=0.1, gamma=0.5, l=0.25dur)")
    .Policy("warmup_cosine(peak_lr=0.1, warmup=0.1dur)")
    .Policy("TRI2(k0=0.005, k1=0.2, l=0.1dur)")
    .Seeds(0, 1)
    .Build();

using var store = StudyStore.Open($"sqlite:{Path.Combine(output, "regression.db")}");
var runner = new StudyRunner(store, new RunnerOptions { OutputDirectory = output, Tasks = new TaskCatalog().Add(task) });
var summary = runner.SubmitAndRun(study, study.CanonicalText());
Console.WriteLine($"Study {study.Name}: {summary.Finished} of {summary.Trials} trials finished, store {store.Location.Display}.");

// The store knows the task's metric (r2, higher is better): the ranking reads each trial at its best R².
var results = store.Results.Load(store.Results.FindStudy(study.Name)!);
var ranking = Ranking.Rank(results.Trials, results.Evaluations, target: null, metric: results.Study.Metric);
Console.WriteLine($"Ranked by {results.Study.Metric?.Name} (highest first):");
Console.Write(RankingFormat.ToMarkdown(ranking, target: null));
foreach (var p in ranking)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Rank}. {p.Label}: R² {p.Metric.Mean:0.0000}, validation MSE {p.Loss.Mean:0.00000}"));

// Without the metric, the same trials are ranked by validation loss (lowest first).
var byLoss = Ranking.Rank(results.Trials, results.Evaluations, target: null);
Console.WriteLine($"By validation loss: {string.Join(", ", byLoss.Select(p => p.Label))}");

// y = sin(3 x1) + x2² / 2 plus Gaussian noise of 0.05, at seeded points of [-1, 1]².
static TensorBatchSource Points(int seed, int count)
{
    var random = new Random(seed);
    var x = new float[count * 2];
    var y = new float[count];
    for (int i = 0; i < count; i++)
    {
        float a = (float)((random.NextDouble() * 2) - 1), b = (float)((random.NextDouble() * 2) - 1);
        double noise = 0.05 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        (x[2 * i], x[(2 * i) + 1]) = (a, b);
        y[i] = (float)(Math.Sin(3 * a) + (b * b / 2) + noise);
    }

    return new TensorBatchSource(tensor(x, [count, 2]), tensor(y, [count, 1]));
}

// R² of one batch: 1 - SSE / SST around the batch's mean.
static double RSquared(Tensor output, Tensor target)
{
    float[] o = output.cpu().contiguous().data<float>().ToArray(), t = target.cpu().contiguous().data<float>().ToArray();
    double mean = t.Average(v => (double)v);
    double sse = o.Zip(t, (a, b) => (double)(a - b) * (a - b)).Sum();
    double sst = t.Sum(v => (v - mean) * (v - mean));
    return sst > 0 ? 1 - (sse / sst) : 0;
}
