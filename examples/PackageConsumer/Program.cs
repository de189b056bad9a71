// A user's program that takes LRBench from the NuGet packages: its own task (LeNet-5 on a small seeded synthetic image
// set), a study of two policies in one call (registered, run and ranked in a SQLite store), then the winner in a
// training loop of its own, with TorchSharp's own SGD and a PolicyDriver setting the rate every step.
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Running;
using LRBench.Training.Data;
using LRBench.Training.Driving;
using LRBench.Training.Models;
using LRBench.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

const int BatchSize = 64;
const int Epochs = 2;

var shape = new ImageShape(1, 28, 28);
var (train, test) = SyntheticData.Create(trainCount: 1024, testCount: 256, shape, classes: 10, noise: 1.5, seed: 0);
using var trainSource = TensorBatchSource.FromImages(train);
using var testSource = TensorBatchSource.FromImages(test);
var task = new TrainingTask
{
    Name = "synthetic-lenet5",
    Model = () => ModelZoo.Create("lenet5", shape, test.Classes),
    Train = trainSource,
    Evaluation = testSource,
    Objective = new ClassificationObjective(test.Classes),
};

// Policies from typed values: no number goes through text, so no culture can write 0.05 as "0,05".
var study = new StudyBuilder("package-consumer", TaskDefinition.ForTask(task.Name) with
    {
        BatchSize = BatchSize,
        Budget = Duration.Epochs(Epochs),
        EvaluateEvery = Duration.Epochs(1),
    })
    .Policy(PolicySpec.Create("warmup_cosine", ("peak_lr", 0.05), ("warmup", Duration.Epochs(0.5))))
    .Policy(PolicySpec.Create("FIX", ("k0", 0.01)))
    .Build();

// One call: registers the study (or finds it again), runs what is unfinished, ranks it.
string folder = Directory.CreateTempSubdirectory("lrbench-consumer-").FullName;
var outcome = StudyRunner.RunAndRank(study, $"sqlite:{Path.Combine(folder, "study.db")}", task, new RunnerOptions { OutputDirectory = folder });
foreach (var p in outcome.Ranking) Console.WriteLine($"#{p.Rank} {p.Spec}: top-1 {100 * p.Top1.Mean:F2}%");
string best = outcome.Best?.Spec ?? throw new InvalidOperationException("no trial finished");

// The winner in our own loop. TorchSharp's SGD takes its LR from the driver; the policy's base LR, where it has one,
// would come from the optimizer, as in PyTorch.
torch.manual_seed(0);
int stepsPerEpoch = train.Count / BatchSize;
using var model = ModelZoo.Create("lenet5", shape, test.Classes);
using var optimizer = torch.optim.SGD(model.parameters(), 0.05, momentum: 0.9);
var driver = PolicyDriver.Create(optimizer, best, new RunClock(StepsPerEpoch: stepsPerEpoch, TotalSteps: stepsPerEpoch * Epochs));

using var trainX = torch.tensor(train.Pixels, [train.Count, shape.Channels, shape.Height, shape.Width]);
using var trainY = torch.tensor(train.Labels.Select(l => (long)l).ToArray());
using var testX = torch.tensor(test.Pixels, [test.Count, shape.Channels, shape.Height, shape.Width]);

for (int epoch = 0; epoch < Epochs; epoch++)
{
    model.train();
    using var order = torch.randperm(train.Count);
    for (int b = 0; b < stepsPerEpoch; b++)
    {
        using var scope = torch.NewDisposeScope();
        var index = order.narrow(0, b * BatchSize, BatchSize);
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(trainX.index_select(0, index)), trainY.index_select(0, index));
        loss.backward();
        optimizer.step();
        driver.Step(); // after optimizer.step(), like scheduler.step() in PyTorch
    }

    Console.WriteLine($"epoch {epoch + 1}: step {driver.Position}, next learning rate {driver.CurrentLearningRate:G4}");
}

// The LRBench metrics of the trained model (eval mode, no gradients): top-1/top-5, the confidence measures AC, CD, CDAC.
var metrics = LRBench.Training.Engine.Trainer.EvaluateModel(model, testX, test.Labels, test.Classes);
Console.WriteLine($"policy {best}: final accuracy {100 * metrics.Top1:F2}% on {metrics.Samples} test images " +
    $"(top-5 {100 * metrics.Top5:F2}%, AC {metrics.AverageConfidence:F3}, CD {metrics.ConfidenceDeviation:F3}, CDAC {metrics.ClassConfidenceDeviation:F3})");
Directory.Delete(folder, recursive: true);
