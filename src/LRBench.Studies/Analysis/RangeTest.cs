using LRBench.Schedules;
using LRBench.Studies.Model.Results;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Settings;
using LRBench.Training.Tasks;

namespace LRBench.Studies.Analysis;

/// <summary>
/// Smith's learning-rate range test in one run: the LR grows every step from a tiny to a large value while the
/// training loss is recorded and smoothed; the run stops early once the smoothed loss is far above its best.
/// Suggestions follow fastai's lr_find (valley, slide, minimum, steep); the ranges follow the LRBench paper's way
/// of going from a good constant range to cyclic bounds. docs/studies.md gives every rule.
/// </summary>
public static class RangeTest
{
    /// <summary>The range test on a built-in task, with no one watching its steps.</summary>
    public static RangeTestResult Run(TrainingOptions task, DataBundle data, RangeTestOptions sweep) => Run(task, data, sweep, null);

    /// <summary>The range test on a program's own task, with no one watching its steps.</summary>
    public static RangeTestResult Run(TrainingTask task, TrainingOptions settings, RangeTestOptions sweep) => Run(task, settings, sweep, null);

    /// <summary>Runs the sweep on <paramref name="task"/>'s zoo model and <paramref name="data"/> (its policy and budget are replaced by the sweep) and analyses the losses.</summary>
    public static RangeTestResult Run(TrainingOptions task, DataBundle data, RangeTestOptions sweep, ITrainingObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(data);
        var trainingTask = ImageClassificationTask.Create(task.Model, data);
        try
        {
            return Run(trainingTask, task, sweep, observer);
        }
        finally
        {
            (trainingTask.Train as IDisposable)?.Dispose();
            (trainingTask.Evaluation as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Runs the sweep on any task: <paramref name="settings"/> give the optimizer, batch size, seed and device (their
    /// policy and budget are replaced by the sweep); the training losses are analysed as fastai's lr_find does.
    /// </summary>
    public static RangeTestResult Run(TrainingTask task, TrainingOptions settings, RangeTestOptions sweep, ITrainingObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sweep);
        sweep.Validate();
        var options = settings with
        {
            Policy = sweep.Spec(),
            Budget = Duration.Steps(sweep.Steps),
            EvaluateEvery = Duration.Steps(sweep.Steps),
            TracePoints = (int)Math.Max(2, sweep.Steps),
            CheckpointDirectory = null,
            CheckpointEvery = null,
        };
        using var cancel = new CancellationTokenSource();
        var watch = new DivergenceWatch(sweep, cancel, observer);
        var result = new Trainer(task, options).Train(watch, resume: false, cancel.Token);
        var lrs = result.Trace.Select(t => t.LearningRate).ToList();
        var losses = result.Trace.Select(t => t.Loss).ToList();
        return Analyse(lrs, losses, sweep.Beta, watch.Stopped || result.Status == RunStatus.Diverged);
    }

    /// <summary>
    /// Runs the sweep in the caller's own training loop: <paramref name="trainStep"/> trains one batch at the learning
    /// rate it is given (set it on the optimizer first) and returns that batch's loss. The sweep stops, as the built-in
    /// one does, once the smoothed loss reaches <see cref="RangeTestOptions.DivergenceFactor"/> times its best or a loss
    /// is not finite; the losses are then analysed with <see cref="Analyse"/>.
    /// </summary>
    public static RangeTestResult Run(RangeTestOptions sweep, Func<double, double> trainStep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(trainStep);
        sweep.Validate();
        var schedule = LRBench.Adaptive.Policies.Registry.Compile(sweep.Spec(), new RunClock(sweep.Steps) { TotalSteps = sweep.Steps });
        var rule = new DivergenceRule(sweep);
        var lrs = new List<double>();
        var losses = new List<double>();
        bool stopped = false;
        for (long step = 0; step < sweep.Steps && !stopped; step++)
        {
            double lr = schedule.LearningRate(step);
            double loss = trainStep(lr);
            lrs.Add(lr);
            losses.Add(loss);
            stopped = !double.IsFinite(loss) || rule.Stops(loss);
        }

        return Analyse(lrs, losses, sweep.Beta, stopped);
    }

    /// <summary>Debiased exponential moving average: s_t = (beta a_{t-1} + (1 - beta) x_t) / (1 - beta^(t+1)).</summary>
    public static IReadOnlyList<double> Smooth(IReadOnlyList<double> losses, double beta)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var smoothed = new List<double>(losses.Count);
        double avg = 0;
        for (int i = 0; i < losses.Count; i++)
        {
            avg = (beta * avg) + ((1 - beta) * losses[i]);
            smoothed.Add(avg / (1 - Math.Pow(beta, i + 1)));
        }

        return smoothed;
    }

    /// <summary>Smooths <paramref name="losses"/> (one per LR in <paramref name="lrs"/>) with <paramref name="beta"/> and derives the suggestions and ranges; usable with losses from any training loop.</summary>
    public static RangeTestResult Analyse(IReadOnlyList<double> lrs, IReadOnlyList<double> losses, double beta, bool stoppedOnDivergence)
    {
        ArgumentNullException.ThrowIfNull(lrs);
        ArgumentNullException.ThrowIfNull(losses);
        var smoothed = Smooth(losses, beta);
        // As fastai: drop the first 10% (the average is still settling) and the last 5 points, and stop at the first non-finite value.
        int from = lrs.Count / 10;
        int to = lrs.Count - 5;
        var x = new List<double>();
        var y = new List<double>();
        for (int i = from; i < to; i++)
        {
            if (!double.IsFinite(smoothed[i])) break;
            x.Add(lrs[i]);
            y.Add(smoothed[i]);
        }

        if (x.Count < 8) throw new InvalidOperationException($"the sweep left only {x.Count} usable points; run more steps or start at a smaller learning rate");

        var suggestions = new List<LrSuggestion>
        {
            new("valley", x[Valley(y)], "the longest run of decreasing loss; a point two thirds of the way down it"),
            new("slide", Slide(x, y), "walking left from the end while the loss gradient keeps changing by more than 0.005 over 15 points"),
            new("minimum", x[ArgMin(y)] / 10, "the LR of the lowest loss, divided by 10"),
            new("steep", x[Steepest(x, y)], "where the loss falls fastest against log(LR)"),
        };

        // The good constant range: from the steepest fall to the LR of the lowest loss. The paper's cyclic bounds:
        // k0 ten times below the range (LRBench, section V-A) and k1 within a factor of 2 of the largest LR that still
        // trains (Smith 2017, section 3.3).
        double low = x[Steepest(x, y)];
        double high = x[ArgMin(y)];
        if (low > high) (low, high) = (high, low);
        return new RangeTestResult(lrs, losses, smoothed, stoppedOnDivergence, suggestions, low, high, low / 10, high / 2);
    }

    internal static int ArgMin(IReadOnlyList<double> y)
    {
        int best = 0;
        for (int i = 1; i < y.Count; i++) if (y[i] < y[best]) best = i;
        return best;
    }

    /// <summary>Index of the most negative slope of loss against log(LR), between neighbouring points.</summary>
    internal static int Steepest(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int best = 0;
        double slope = double.PositiveInfinity;
        for (int i = 0; i + 1 < y.Count; i++)
        {
            double dx = Math.Log(x[i + 1]) - Math.Log(x[i]);
            if (dx <= 0) continue;
            double s = (y[i + 1] - y[i]) / dx;
            if (s < slope)
            {
                slope = s;
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// The valley: the longest strictly decreasing subsequence of the loss (O(n^2) dynamic programme), taken as the
    /// span from its first to its last index; the answer lies a third plus a sixth of the way along that span.
    /// </summary>
    internal static int Valley(IReadOnlyList<double> y)
    {
        int n = y.Count;
        var length = new int[n];
        var start = new int[n];
        int bestEnd = 0;
        for (int i = 0; i < n; i++)
        {
            length[i] = 1;
            start[i] = i;
            for (int j = 0; j < i; j++)
            {
                if (y[i] < y[j] && length[j] + 1 > length[i])
                {
                    length[i] = length[j] + 1;
                    start[i] = start[j];
                }
            }

            if (length[i] > length[bestEnd]) bestEnd = i;
        }

        int first = start[bestEnd];
        double sections = (bestEnd - first) / 3.0;
        return first + (int)sections + (int)(sections / 2);
    }

    /// <summary>fastai's "slide": from the right end, move left while the gradient at two points 15 apart differs by more than 0.005.</summary>
    internal static double Slide(IReadOnlyList<double> x, IReadOnlyList<double> y, int lrDiff = 15, double threshold = 0.005)
    {
        int n = y.Count;
        var grad = new double[n];
        for (int i = 0; i < n; i++)
        {
            grad[i] = i == 0 ? y[1] - y[0] : i == n - 1 ? y[n - 1] - y[n - 2] : (y[i + 1] - y[i - 1]) / 2; // numpy.gradient
        }

        int right = n - 1;
        int left = right - lrDiff;
        if (left < 0) return x[0];
        double lr = x[left];
        while (left >= 0 && Math.Abs(grad[right] - grad[left]) > threshold)
        {
            lr = x[left];
            right--;
            left--;
        }

        return lr;
    }

    /// <summary>The sweep's stopping rule: the debiased smoothed loss at DivergenceFactor x its best so far, or not finite.</summary>
    private sealed class DivergenceRule(RangeTestOptions sweep)
    {
        private double _avg;
        private double _best = double.PositiveInfinity;
        private int _count;

        public bool Stops(double loss)
        {
            _count++;
            _avg = (sweep.Beta * _avg) + ((1 - sweep.Beta) * loss);
            double smoothed = _avg / (1 - Math.Pow(sweep.Beta, _count));
            bool stop = _count > 1 && (smoothed > sweep.DivergenceFactor * _best || !double.IsFinite(smoothed));
            _best = Math.Min(_best, smoothed);
            return stop;
        }
    }

    /// <summary>Watches the smoothed loss during the sweep and stops it by <see cref="DivergenceRule"/>.</summary>
    private sealed class DivergenceWatch(RangeTestOptions sweep, CancellationTokenSource cancel, ITrainingObserver? inner) : ITrainingObserver
    {
        private readonly DivergenceRule _rule = new(sweep);

        public bool Stopped { get; private set; }

        public void OnStart(TrainingPlan plan) => inner?.OnStart(plan);

        public void OnStep(StepProgress progress)
        {
            inner?.OnStep(progress);
            if (_rule.Stops(progress.Loss))
            {
                Stopped = true;
                cancel.Cancel();
            }
        }

        public void OnDiverged(long step, double loss)
        {
            Stopped = true;
            inner?.OnDiverged(step, loss);
        }
    }
}
