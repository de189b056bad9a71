using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LRBench.Adaptive.Gp;
using LRBench.Schedules;

namespace LRBench.Adaptive;

/// <summary>
/// AutoWU (Kim et al. 2021): an exponential warm-up whose end and peak are found online. After every epoch of the
/// warm-up a GP is fitted to the training losses so far, and a test asks whether the loss curve has already passed
/// its minimum; after <c>Patience</c> positive tests in a row the LR restarts at the LR where the predicted loss was
/// lowest, then stays constant (or decays by cosine) and ends with a cosine to zero. Feed it the loss of every step
/// with <see cref="Observe"/>; <see cref="LearningRate"/> is the LR for the next step. Everything it has learnt is in
/// one <see cref="AutoWuState"/>, so <see cref="SaveState"/> and <see cref="RestoreState"/> resume a run exactly.
/// </summary>
public sealed class AutoWu : IAdaptiveController
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly AutoWuOptions _o;
    private readonly long _total;
    private readonly long _stepsPerTest;
    private readonly long _maxWarmupSteps;
    private readonly bool _preview;
    private readonly LossCurveRegressor _gp;
    private AutoWuState _s;

    /// <param name="options">The hyperparameters.</param>
    /// <param name="totalSteps">T, the run's length in optimizer steps.</param>
    /// <param name="stepsPerTest">Steps between tests: one epoch in the paper.</param>
    public AutoWu(AutoWuOptions options, long totalSteps, long stepsPerTest)
        : this(options, totalSteps, stepsPerTest, preview: false)
    {
    }

    private AutoWu(AutoWuOptions options, long totalSteps, long stepsPerTest, bool preview)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (totalSteps < 1 || stepsPerTest < 1) throw new ArgumentException("total steps and steps per test must be positive");
        if (!(options.MinLr > 0 && options.MaxLr > options.MinLr)) throw new ArgumentException($"AutoWU needs 0 < min_lr < max_lr, got {options.MinLr} and {options.MaxLr}");
        _o = options;
        _total = totalSteps;
        _stepsPerTest = stepsPerTest;
        _preview = preview;
        _maxWarmupSteps = (long)(totalSteps * options.MaxWarmupFraction);
        _gp = new LossCurveRegressor(options.LengthScale);
        bool warm = _maxWarmupSteps > 0;
        _s = new AutoWuState
        {
            Phase = warm ? AutoWuPhase.Warmup : AutoWuPhase.Decay,
            LearningRate = warm ? options.MinLr : options.MaxLr,
            PhaseStartLr = warm ? options.MinLr : options.MaxLr,
            PhaseLength = warm ? 0 : totalSteps,
            Regressor = _gp.SaveState(),
        };
    }

    /// <summary>
    /// The LRs AutoWU follows when no test ever fires (the warm-up runs to its cap, rho T): what listings and plots show
    /// for the policy before training. One value per step 0 .. T-1.
    /// </summary>
    public static double[] Preview(AutoWuOptions options, long totalSteps)
    {
        var run = new AutoWu(options, totalSteps, stepsPerTest: 1, preview: true);
        var lrs = new double[totalSteps];
        for (long t = 0; t < totalSteps; t++)
        {
            lrs[t] = run.LearningRate;
            run.Observe(double.NaN);
        }

        return lrs;
    }

    public long Steps => _s.Steps;

    public AutoWuPhase Phase => _s.Phase;

    public double LearningRate => _s.LearningRate;

    /// <summary>The LR the decay phase started from, once the warm-up has ended.</summary>
    public double? RestartLr => _s.RestartLr;

    /// <summary>The step count after which the warm-up ended.</summary>
    public long? SwitchedAfterStep => _s.SwitchedAfterStep;

    /// <summary>Every test so far.</summary>
    public IReadOnlyList<AutoWuTest> Tests => _s.Tests;

    public IReadOnlyList<PolicyEvent> Events => _s.Events;

    /// <summary>The GP as fitted at the last test (for plots of the predictive mean at the switch).</summary>
    public LossCurveRegressor Regressor => _gp;

    /// <summary>The training losses the warm-up tests saw, in order.</summary>
    public IReadOnlyList<double> History => _s.History;

    /// <summary>
    /// The GP of the last test (the one that ended the warm-up, once it has) conditioned on the history as that test
    /// saw it: predictive mean and covariance of the latent loss curve over x in [0, 1] (x = step / history length).
    /// Null before the first test. For plots of what the test decided on.
    /// </summary>
    public GpPrediction? LastTestPrediction()
    {
        if (_s.Tests.Count == 0) return null;
        // The history stops growing at the last test, so it is exactly what that test saw.
        var data = Subsample(ValidPoints(), _o.PredictPoints, SeededRandom.For(_o.Seed, "autowu-predict", (long)(_s.Tests.Count - 1) * _o.Tests));
        var grid = Grid();
        return _gp.Predict([.. data.Select(d => d.X)], [.. data.Select(d => d.Y)], grid);
    }

    public string SaveState()
    {
        _s.Regressor = _gp.SaveState();
        return JsonSerializer.Serialize(_s, Json);
    }

    public void RestoreState(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var state = JsonSerializer.Deserialize<AutoWuState>(json, Json) ?? throw new FormatException("not an AutoWU state");
        if (state.Steps < 0 || state.Steps > _total) throw new FormatException($"an AutoWU state at step {state.Steps} does not belong to a run of {_total} steps");
        _gp.RestoreState(state.Regressor);
        _s = state;
    }

    /// <summary>Records the loss of the step just taken and sets the LR of the next one.</summary>
    public void Observe(double loss)
    {
        _s.Steps++;
        long steps = _s.Steps;
        // From (1 - cooldown) T on: a cosine over the remaining steps whose first value is already one step in, so
        // that it reaches exactly zero at the last step (as the original's recorded trajectories do).
        if (_s.Phase != AutoWuPhase.Final && steps >= (1 - _o.CooldownFraction) * _total)
        {
            _s.Phase = AutoWuPhase.Final;
            StartPhase(_total - steps);
            _s.PhaseStartStep = steps - 1;
        }

        switch (_s.Phase)
        {
            case AutoWuPhase.Warmup:
                if (steps >= _maxWarmupSteps)
                {
                    // The cap: decay from where the warm-up got to.
                    EndWarmup(_s.LearningRate, "warmup-capped",
                        $"AutoWU: no test confirmed a minimum before the cap (rho = {_o.MaxWarmupFraction}); warm-up ended at step {steps}, decaying from LR {F(_s.LearningRate)}");
                    return;
                }

                _s.LearningRate = WarmupLr(steps);
                if (_preview) break; // no tests: nothing to record
                _s.EpochLosses.Add(loss);
                if (_s.EpochLosses.Count >= _stepsPerTest)
                {
                    _s.History.AddRange(_s.EpochLosses);
                    _s.EpochLosses.Clear();
                    Test();
                }

                break;
            case AutoWuPhase.Decay:
                if (_o.ImmediateCooldown) _s.LearningRate = Cosine(_s.PhaseStartLr, steps - _s.PhaseStartStep, _s.PhaseLength);
                break;
            case AutoWuPhase.Final:
                _s.LearningRate = Cosine(_s.PhaseStartLr, steps - _s.PhaseStartStep, _s.PhaseLength);
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

    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    private void StartPhase(long length)
    {
        _s.PhaseStartLr = _s.LearningRate;
        _s.PhaseStartStep = _s.Steps;
        _s.PhaseLength = length;
    }

    private void EndWarmup(double restart, string kind, string message)
    {
        _s.LearningRate = restart;
        _s.RestartLr = restart;
        _s.SwitchedAfterStep = _s.Steps;
        _s.Phase = AutoWuPhase.Decay;
        StartPhase(_total - _s.Steps);
        if (!_preview) _s.Events.Add(new PolicyEvent(_s.Steps, kind, message));
    }

    /// <summary>One test: fit the GP, predict Tests times, vote; switch after Patience positive tests in a row.</summary>
    private void Test()
    {
        var valid = ValidPoints();
        if (valid.Count < 2) return;
        int testIndex = _s.Tests.Count;
        _gp.ResetMean(valid.Average(p => p.Y));
        var fit = Subsample(valid, _o.FitPoints, SeededRandom.For(_o.Seed, "autowu-fit", testIndex));
        _gp.Fit([.. fit.Select(p => p.X)], [.. fit.Select(p => p.Y)], _o.FitIterations, _o.FitLearningRate);

        var grid = Grid();
        var probabilities = new List<double>();
        var restarts = new List<double>();
        // The predictions are independent (each its own keyed subsample), so they run side by side; with no more
        // points than a subsample they all condition on every point and are one prediction.
        var predictions = new GpPrediction[_o.Tests];
        if (valid.Count <= _o.PredictPoints)
        {
            Array.Fill(predictions, _gp.Predict([.. valid.Select(d => d.X)], [.. valid.Select(d => d.Y)], grid));
        }
        else
        {
            Parallel.For(0, _o.Tests, k =>
            {
                var data = Subsample(valid, _o.PredictPoints, SeededRandom.For(_o.Seed, "autowu-predict", ((long)testIndex * _o.Tests) + k));
                predictions[k] = _gp.Predict([.. data.Select(d => d.X)], [.. data.Select(d => d.Y)], grid);
            });
        }

        foreach (var p in predictions)
        {
            probabilities.Add(p.PastMinimumProbability);
            double x = p.ArgMinX;
            restarts.Add(_o.LinearWarmup
                ? _o.MinLr + ((_s.LearningRate - _o.MinLr) * x)
                : _o.MinLr * Math.Pow(_s.LearningRate / _o.MinLr, x));
        }

        bool positive = probabilities.Count(p => p > _o.Confidence) > _o.Tests / 2.0;
        _s.Recent.Add(positive);
        if (_s.Recent.Count > _o.Patience) _s.Recent.RemoveAt(0);
        bool switched = _s.Recent.Count(b => b) >= _o.Patience;
        double? restart = switched ? restarts.Average() : null;
        _s.Tests.Add(new AutoWuTest(_s.Steps, probabilities, positive, switched, restart));
        if (switched)
        {
            long test = _s.Steps / _stepsPerTest;
            EndWarmup(restart!.Value, "warmup-ended",
                $"AutoWU: warm-up ended after test {test} (step {_s.Steps}, LR {F(_s.LearningRate)}): {_o.Patience} positive tests in a row, " +
                $"restart LR {F(restart.Value)}; P(past minimum) of the last test: {string.Join(", ", probabilities.Select(F))}");
        }
    }

    /// <summary>
    /// The GP's data: x is a loss's index in the whole history over the history's length; non-finite losses keep
    /// their place on that axis but are left out (reference notes, section 1.4).
    /// </summary>
    private List<(double X, double Y)> ValidPoints()
    {
        var history = _s.History;
        var valid = new List<(double X, double Y)>(history.Count);
        for (int i = 0; i < history.Count; i++)
        {
            if (double.IsFinite(history[i])) valid.Add(((double)i / history.Count, history[i]));
        }

        return valid;
    }

    /// <summary>The points of [0, 1] the latent curve is predicted at.</summary>
    private double[] Grid() => [.. Enumerable.Range(0, _o.GridPoints).Select(i => (double)i / (_o.GridPoints - 1))];

    /// <summary>At most <paramref name="count"/> points drawn without replacement, in their original order.</summary>
    private static List<(double X, double Y)> Subsample(List<(double X, double Y)> points, int count, SeededRandom rng)
    {
        if (points.Count <= count) return points;
        var idx = Enumerable.Range(0, points.Count).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + rng.NextInt(points.Count - i);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }

        return [.. idx.Take(count).Order().Select(i => points[i])];
    }
}
