using System.Diagnostics;
using LRBench.Adaptive;
using LRBench.Schedules;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Optimization;
using LRBench.Training.Settings;

namespace LRBench.Bench;

/// <summary>
/// What AutoWU's epoch-end test costs: the controller is fed a loss curve for Fashion-MNIST's 469 steps per epoch
/// (batch 128) with the full-size defaults (fit on 100 points x 100 Adam steps, 5 predictions on 500 points at 500
/// grid points), and the Observe call that ends each epoch is timed. In the same process one LeNet-5 epoch is
/// trained, alternated with the tests, so the share is a ratio of two things measured side by side.
/// </summary>
internal static class AutoWuTestCost
{
    private const long StepsPerEpoch = 469;

    /// <summary>A prediction's two big pieces of algebra: an RBF kernel on 500 points (with noise), its Cholesky factor, and the cross-kernel with the grid.</summary>
    private static (double[] Kernel, double[] L, double[] Rhs) GridSolveProblem(double[] x, double[] grid)
    {
        int n = x.Length, m = grid.Length;
        double Rbf(double a, double b) => Math.Exp(-(a - b) * (a - b) / (2 * 0.2 * 0.2));
        var k = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) k[(i * n) + j] = Rbf(x[i], x[j]) + (i == j ? 1e-3 : 0);
        var l = (double[])k.Clone();
        if (!LRBench.Adaptive.Gp.DenseMatrix.CholeskyInPlace(l, n)) throw new InvalidOperationException("kernel not positive definite");
        var rhs = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int g = 0; g < m; g++) rhs[(i * m) + g] = Rbf(x[i], grid[g]);
        return (k, l, rhs);
    }

    public static int Report(int epochs)
    {
        var tests = new List<double>();
        var epochsSeconds = new List<double>();
        var data = DataCatalogue.Load(new DataOptions { Dataset = "fashion-mnist" });
        var training = new TrainingOptions
        {
            Model = "lenet5",
            Optimizer = new OptimizerOptions { Name = "sgd", Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 },
            Policy = LRBench.Schedules.Specs.PolicySpec.Parse("FIX(k0=0.01)"),
            Budget = Duration.Epochs(1),
            BatchSize = 128,
            EvaluateEvery = Duration.Epochs(1),
            Threads = 1,
        };

        // Patience beyond reach: the warm-up never ends, so every epoch is tested; the cap is past the last epoch.
        var auto = new AutoWu(new AutoWuOptions { Patience = int.MaxValue, MaxWarmupFraction = 0.99 }, StepsPerEpoch * epochs * 2, StepsPerEpoch);
        for (int e = 0; e < epochs; e++)
        {
            for (long s = 0; s < StepsPerEpoch - 1; s++) auto.Observe(Loss(auto.LearningRate, auto.Steps));
            var sw = Stopwatch.StartNew();
            auto.Observe(Loss(auto.LearningRate, auto.Steps)); // the step that ends the epoch runs the test
            tests.Add(sw.Elapsed.TotalSeconds);
            if (e < 3)
            {
                var run = new Trainer(training with { Seed = e }, data).Train();
                epochsSeconds.Add(run.ComputeSeconds);
            }

            Console.Error.WriteLine($"epoch {e + 1}: test {tests[^1] * 1000:F1} ms ({auto.History.Count} losses)" + (e < 3 ? $", LeNet-5 epoch {epochsSeconds[^1]:F2} s" : ""));
        }

        // The parts of a test, each timed alone on the same kind of data: one fit, one prediction.
        var rng = new Random(1);
        double[] x500 = [.. Enumerable.Range(0, 500).Select(i => i / 500.0)];
        double[] y500 = [.. x500.Select(v => 0.5 + (0.3 * (v - 0.6) * (v - 0.6)) + (0.05 * rng.NextDouble()))];
        double[] x100 = [.. x500.Where((_, i) => i % 5 == 0)], y100 = [.. y500.Where((_, i) => i % 5 == 0)];
        double[] grid = [.. Enumerable.Range(0, 500).Select(i => i / 499.0)];
        var fits = new List<double>();
        var predictions = new List<double>();
        for (int rep = 0; rep < 9; rep++)
        {
            var gp = new LRBench.Adaptive.Gp.LossCurveRegressor();
            gp.ResetMean(y500.Average());
            var sw = Stopwatch.StartNew();
            gp.Fit(x100, y100);
            fits.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            _ = gp.Predict(x500, y500, grid);
            predictions.Add(sw.Elapsed.TotalSeconds);
        }

        // Two parts of a prediction alone: the Cholesky factor of the 500 x 500 kernel and the grid solve L W = K(x, grid).
        var (kernel, l, rhs) = GridSolveProblem(x500, grid);
        var solves = new List<double>();
        for (int rep = 0; rep < 15; rep++)
        {
            var b = (double[])rhs.Clone();
            var sw = Stopwatch.StartNew();
            LRBench.Adaptive.Gp.DenseMatrix.SolveLowerRowsInPlace(l, 500, b, 500);
            solves.Add(sw.Elapsed.TotalSeconds);
        }

        var cholesky = new List<double>();
        for (int rep = 0; rep < 15; rep++)
        {
            var a = (double[])kernel.Clone();
            var sw = Stopwatch.StartNew();
            LRBench.Adaptive.Gp.DenseMatrix.CholeskyInPlace(a, 500);
            cholesky.Add(sw.Elapsed.TotalSeconds);
        }

        double test = TrainerOverhead.Median(tests), epoch = TrainerOverhead.Median(epochsSeconds);
        Console.WriteLine($"# AutoWU epoch-end test (fit 100 points x 100 Adam steps + 5 predictions on 500 points at 500 grid points), {epochs} epochs of {StepsPerEpoch} losses, 1 thread");
        Console.WriteLine();
        Console.WriteLine($"Per test: median {test * 1000:F1} ms, min {tests.Min() * 1000:F1} ms, max {tests.Max() * 1000:F1} ms.");
        Console.WriteLine($"LeNet-5 epoch on Fashion-MNIST (batch 128, 1 thread, training steps only), median of 3: {epoch:F2} s.");
        Console.WriteLine($"Share of an epoch: {test / epoch * 100:F2}%.");
        Console.WriteLine($"Inside a prediction, median of 15: Cholesky of the 500 x 500 kernel {TrainerOverhead.Median(cholesky) * 1000:F1} ms; grid solve (500 x 500 factor, 500 columns) {TrainerOverhead.Median(solves) * 1000:F1} ms.");
        Console.WriteLine($"Parts, median of 9: one fit (100 points x 100 Adam steps) {TrainerOverhead.Median(fits) * 1000:F1} ms; one prediction (500 points, 500 grid points) {TrainerOverhead.Median(predictions) * 1000:F1} ms.");
        return 0;
    }

    private static double Loss(double lr, long step) =>
        0.4 + (0.1 * Math.Pow(Math.Log10(lr) + 1.2, 2) / 4) + (0.05 * Math.Sin(step * 12.9898));
}
