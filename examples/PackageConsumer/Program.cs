// A user's own TorchSharp training loop with an LRBench policy, taken from the NuGet packages: LeNet-5 on a small
// seeded synthetic image set, the learning rate set every step by a PolicyDriver from a spec.
using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Driving;
using LRBench.Training.Models;
using LRBench.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

const int BatchSize = 64;
const int Epochs = 2;
const string Spec = "warmup_cosine(peak_lr=0.05, warmup=0.5ep)";

torch.manual_seed(0);
var shape = new ImageShape(1, 28, 28);
var (train, test) = SyntheticData.Create(trainCount: 1024, testCount: 256, shape, classes: 10, noise: 1.5, seed: 0);
int stepsPerEpoch = train.Count / BatchSize;

var clock = new RunClock(StepsPerEpoch: stepsPerEpoch, TotalSteps: stepsPerEpoch * Epochs);
var policy = LRBench.Adaptive.Policies.Registry.Compile(Spec, clock);
var model = ModelZoo.Create("lenet5", shape, test.Classes);
var optimizer = new Sgd(model.parameters(), new SgdOptions { LearningRate = 0.05, Momentum = 0.9 });
var driver = new PolicyDriver(optimizer, policy);

using var trainX = torch.tensor(train.Pixels, [train.Count, shape.Channels, shape.Height, shape.Width]);
using var trainY = torch.tensor(train.Labels.Select(l => (long)l).ToArray());
using var testX = torch.tensor(test.Pixels, [test.Count, shape.Channels, shape.Height, shape.Width]);
using var testY = torch.tensor(test.Labels.Select(l => (long)l).ToArray());

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
Console.WriteLine($"policy {Spec}: final accuracy {100 * metrics.Top1:F2}% on {metrics.Samples} test images " +
    $"(top-5 {100 * metrics.Top5:F2}%, AC {metrics.AverageConfidence:F3}, CD {metrics.ConfidenceDeviation:F3}, CDAC {metrics.ClassConfidenceDeviation:F3})");
