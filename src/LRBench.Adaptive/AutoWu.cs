using LRBench.Adaptive.Gp;

namespace LRBench.Adaptive;

/// <summary>AutoWU's settings; the defaults are the original implementation's (reference notes, section 1.1).</summary>
public sealed record AutoWuOptions
{
    public double MinLr { get; init; } = 1e-5;

    public double MaxLr { get; init; } = 1.0;

    /// <summary>rho: the warm-up ends at the latest after this fraction of the run.</summary>
    public double MaxWarmupFraction { get; init; } = 0.5;

    /// <summary>Linear growth instead of exponential (the paper's ablation).</summary>
    public bool LinearWarmup { get; init; }

    /// <summary>Consecutive positive epoch tests needed to end the warm-up.</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Predictions per test; a test is positive when more than half of them are confident.</summary>
    public int Tests { get; init; } = 5;

    public double Confidence { get; init; } = 0.95;

    public double LengthScale { get; init; } = 0.2;

    /// <summary>The last fraction of the run is a cosine to zero.</summary>
    public double CooldownFraction { get; init; } = 0.2;

    /// <summary>True: cosine from the restart LR straight to zero; false: constant, then cosine over the last 20%.</summary>
    public bool ImmediateCooldown { get; init; }

    public int FitPoints { get; init; } = 100;

    public int FitIterations { get; init; } = 100;

    public double FitLearningRate { get; init; } = 0.01;

    public int PredictPoints { get; init; } = 500;

    public int GridPoints { get; init; } = 500;

    /// <summary>Seed of the subsampling (the original uses a fixed generator too, so every worker agrees).</summary>
    public ulong Seed { get; init; }
}

public enum AutoWuPhase
{
    Warmup,
    Decay,
    Final,
}

/// <summary>What the warm-up test decided at the end of an epoch.</summary>
public sealed record AutoWuTest(long Step, IReadOnlyList<double> Probabilities, bool Positive, bool Switched, double? RestartLr);

/// <summary>
/// AutoWU (Kim et al. 2021): an exponential warm-up whose end and peak are found online. After every epoch of the
/// warm-up a GP is fitted to the training losses so far, and a test asks whether the loss curve has already passed
/// its minimum; after <c>Patience</c> positive tests in a row the LR restarts at the LR where the predicted loss was
/// lowest, then stays constant (or decays by cosine) and ends with a cosine to zero. Feed it the loss of every step
/// with <see cref="Observe"/>; <see cref="LearningRate"/> is the LR for the next step.
/// </summary>
public sealed class AutoWu
{
    private readonly AutoWuOptions _o;
    private readonly long _total;
    private readonly long _stepsPerEpoch;
    private readonly long _maxWarmupSteps;
    private readonly LossCurveRegressor _gp;
    private readonly List<double> _history = [];
    private readonly List<double> _epochLosses = [];
    private readonly Queue<bool> _recent = new();
    private readonly Random _rng;
    private double _phaseStartLr;
    private long _phaseStartStep;
    private long _phaseLength;

    public AutoWu(AutoWuOptions options, long totalSteps, long stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (totalSteps < 1 || stepsPerEpoch < 1) throw new ArgumentException("total steps and steps per epoch must be positive");
        if (!(options.MinLr > 0 && options.MaxLr > options.MinLr)) throw new ArgumentException($"AutoWU needs 0 < min_lr < max_lr, got {options.MinLr} and {options.MaxLr}");
        _o = options;
        _total = totalSteps;
        _stepsPerEpoch = stepsPerEpoch;
        _maxWarmupSteps = (long)(totalSteps * options.MaxWarmupFraction);
        _gp = new LossCurveRegressor(options.LengthScale);
        _rng = new Random(unchecked((int)options.Seed));
        Phase = _maxWarmupSteps <= 0 ? AutoWuPhase.Decay : AutoWuPhase.Warmup;
        LearningRate = _maxWarmupSteps <= 0 ? options.MaxLr : options.MinLr;
        _phaseStartLr = LearningRate;
    }

    /// <summary>Optimizer steps observed so far.</summary>
    public long Steps { get; private set; }

    public AutoWuPhase Phase { get; private set; }

    /// <summary>The LR for the next step.</summary>
    public double LearningRate { get; private set; }

    /// <summary>The LR the decay phase started from, once the warm-up has ended.</summary>
    public double? RestartLr { get; private set; }

    /// <summary>The step count after which the warm-up ended.</summary>
    public long? SwitchedAfterStep { get; private set; }

    /// <summary>Every epoch test so far.</summary>
    public List<AutoWuTest> Tests { get; } = [];

    /// <summary>Records the loss of the step just taken and sets the LR of the next one.</summary>
    public void Observe(double loss)
    {
        Steps++;
        // From (1 - cooldown) T on: a cosine over the remaining steps whose first value is already one step in, so
        // that it reaches exactly zero at the last step (as the original's recorded trajectories do).
        if (Phase != AutoWuPhase.Final && Steps >= (1 - _o.CooldownFraction) * _total)
        {
            Phase = AutoWuPhase.Final;
            StartPhase(_total - Steps);
            _phaseStartStep = Steps - 1;
        }

        switch (Phase)
        {
            case AutoWuPhase.Warmup:
                if (Steps >= _maxWarmupSteps)
                {
                    EndWarmup(LearningRate); // the cap: decay from where the warm-up got to
                    return;
                }

                LearningRate = WarmupLr(Steps);
                _epochLosses.Add(loss);
                if (_epochLosses.Count >= _stepsPerEpoch)
                {
                    _history.AddRange(_epochLosses);
                    _epochLosses.Clear();
                    Test();
                }

                break;
            case AutoWuPhase.Decay:
                if (_o.ImmediateCooldown) LearningRate = Cosine(_phaseStartLr, Steps - _phaseStartStep, _phaseLength);
                break;
            case AutoWuPhase.Final:
                LearningRate = Cosine(_phaseStartLr, Steps - _phaseStartStep, _phaseLength);
                break;
        }
    }

    private double WarmupLr(long step)
    {
        double f = (double)step / _maxWarmupSteps;
        return _o.LinearWarmup
            ? _o.MinLr * ((1 - f) + (f * _o.MaxLr / _o.MinLr))
            : _o.MinLr * Math.Pow(_o.MaxLr / _o.MinLr, f);
    }

    private static double Cosine(double start, long k, long length) =>
        length <= 0 ? 0 : start * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(k, length) / length));

    private void StartPhase(long length)
    {
        _phaseStartLr = LearningRate;
        _phaseStartStep = Steps;
        _phaseLength = length;
    }

    private void EndWarmup(double restart)
    {
        LearningRate = restart;
        RestartLr = restart;
        SwitchedAfterStep = Steps;
        Phase = AutoWuPhase.Decay;
        StartPhase(_total - Steps);
    }

    /// <summary>One epoch test: fit the GP, predict Tests times, vote; switch after Patience positive tests in a row.</summary>
    private void Test()
    {
        var valid = new List<(double X, double Y)>();
        for (int i = 0; i < _history.Count; i++)
        {
            if (double.IsFinite(_history[i])) valid.Add(((double)i / _history.Count, _history[i]));
        }

        if (valid.Count < 2) return;
        _gp.ResetMean(valid.Average(p => p.Y));
        var fit = Subsample(valid, _o.FitPoints);
        _gp.Fit([.. fit.Select(p => p.X)], [.. fit.Select(p => p.Y)], _o.FitIterations, _o.FitLearningRate);

        var grid = Enumerable.Range(0, _o.GridPoints).Select(i => (double)i / (_o.GridPoints - 1)).ToArray();
        var probabilities = new List<double>();
        var restarts = new List<double>();
        for (int k = 0; k < _o.Tests; k++)
        {
            var data = Subsample(valid, _o.PredictPoints);
            var p = _gp.Predict([.. data.Select(d => d.X)], [.. data.Select(d => d.Y)], grid);
            probabilities.Add(p.PastMinimumProbability);
            double x = p.ArgMinX;
            restarts.Add(_o.LinearWarmup
                ? _o.MinLr + ((LearningRate - _o.MinLr) * x)
                : _o.MinLr * Math.Pow(LearningRate / _o.MinLr, x));
        }

        bool positive = probabilities.Count(p => p > _o.Confidence) > _o.Tests / 2.0;
        _recent.Enqueue(positive);
        while (_recent.Count > _o.Patience) _recent.Dequeue();
        bool switched = _recent.Count(b => b) >= _o.Patience;
        double? restart = switched ? restarts.Average() : null;
        Tests.Add(new AutoWuTest(Steps, probabilities, positive, switched, restart));
        if (switched) EndWarmup(restart!.Value);
    }

    /// <summary>At most <paramref name="count"/> points drawn without replacement, in their original order.</summary>
    private List<(double X, double Y)> Subsample(List<(double X, double Y)> points, int count)
    {
        if (points.Count <= count) return points;
        var idx = Enumerable.Range(0, points.Count).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + _rng.Next(points.Count - i);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }

        return [.. idx.Take(count).Order().Select(i => points[i])];
    }
}
