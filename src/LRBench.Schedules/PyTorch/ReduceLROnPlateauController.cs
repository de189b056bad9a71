using System.Globalization;
using System.Text.Json;

namespace LRBench.Schedules.PyTorch;

/// <summary>The running state of one <see cref="ReduceLROnPlateau"/> run: the best reading, the counters and each group's LR.</summary>
internal sealed class ReduceLROnPlateauController(ReduceLROnPlateauOptions options) : IMetricController
{
    private PlateauState _state = new() { Best = options.MaxMode ? double.NegativeInfinity : double.PositiveInfinity, Rates = [options.BaseLr] };
    private double[] _scales = [1];
    private readonly List<PolicyEvent> _events = [];

    public MetricSource Source => options.Source;

    public long Steps => _state.Steps;

    /// <summary>The first group's LR without its scale: the policy's own LR, as traces and tables show it.</summary>
    public double LearningRate => _scales[0] > 0 ? GroupLearningRate(0) / _scales[0] : options.BaseLr * ReduceLROnPlateau.WarmupFactor(options, _state.Steps);

    public IReadOnlyList<PolicyEvent> Events => _events;

    public void BindGroups(IReadOnlyList<double> scales)
    {
        ArgumentNullException.ThrowIfNull(scales);
        if (scales.Count == 0) throw new ArgumentException("an optimizer has at least one param group", nameof(scales));
        if (options.MinLr.Count != 1 && options.MinLr.Count != scales.Count)
            throw new ArgumentException($"min_lr has {options.MinLr.Count} values but the optimizer has {scales.Count} param groups; give one value, or one per group");
        _scales = [.. scales];
        _state = _state with { Rates = [.. scales.Select(s => options.BaseLr * s)] }; // before step 0; a restored state comes after
    }

    public double GroupLearningRate(int group) =>
        _state.Steps < options.WarmupSteps
            ? options.BaseLr * _scales[group] * ReduceLROnPlateau.WarmupFactor(options, _state.Steps)
            : _state.Rates[group];

    public void Observe(double loss)
    {
        _state = _state with { Steps = _state.Steps + 1 };
        if (options.Source != MetricSource.TrainingLoss || !double.IsFinite(loss)) return;
        long n = _state.Smoothed + 1;
        double average = (options.Beta * _state.Average) + ((1 - options.Beta) * loss);
        _state = _state with { Smoothed = n, Average = average };
        if (_state.Steps % options.Every == 0) ObserveMetric(average / (1 - Math.Pow(options.Beta, n)));
    }

    public void ObserveMetric(double value)
    {
        // SequentialLR hands over at the milestone: readings before the warm-up has ended are not the plateau's.
        if (_state.Steps < options.WarmupSteps || double.IsNaN(value)) return;
        var s = _state with { Readings = _state.Readings + 1 };
        if (IsBetter(value, s.Best))
        {
            s = s with { Best = value, BadReadings = 0 };
        }
        else
        {
            s = s with { BadReadings = s.BadReadings + 1 };
        }

        if (s.CooldownCounter > 0)
        {
            s = s with { CooldownCounter = s.CooldownCounter - 1, BadReadings = 0 };
        }

        if (s.BadReadings > options.Patience)
        {
            var rates = (double[])s.Rates.Clone();
            bool reduced = false;
            for (int g = 0; g < rates.Length; g++)
            {
                double old = rates[g];
                double updated = Math.Max(old * options.Factor, options.MinLr[options.MinLr.Count == 1 ? 0 : g]);
                if (old - updated > options.Eps)
                {
                    rates[g] = updated;
                    reduced = true;
                }
            }

            if (reduced) _events.Add(new PolicyEvent(s.Steps, "plateau", string.Create(CultureInfo.InvariantCulture, $"LR reduced to {rates[0]:G4} after reading {value:G6} (best {s.Best:G6})")));
            s = s with { Rates = rates, CooldownCounter = options.Cooldown, BadReadings = 0 };
        }

        _state = s;
    }

    private bool IsBetter(double a, double best)
    {
        double t = options.Threshold;
        return (options.MaxMode, options.RelativeThreshold) switch
        {
            (false, true) => a < best * (1 - t),
            (false, false) => a < best - t,
            (true, true) => a > best * (t + 1),
            (true, false) => a > best + t,
        };
    }

    public string SaveState() => JsonSerializer.Serialize(_state with { Events = [.. _events] }, PlateauJson.Default.PlateauState);

    public void RestoreState(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PlateauState restored;
        try
        {
            restored = JsonSerializer.Deserialize(json, PlateauJson.Default.PlateauState) ?? throw new InvalidDataException("ReduceLROnPlateau's state is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"ReduceLROnPlateau's state does not read: {e.Message}", e);
        }

        if (restored.Rates.Length != _state.Rates.Length || restored.Rates.Any(r => !(r >= 0) || !double.IsFinite(r)))
            throw new InvalidDataException($"ReduceLROnPlateau's state has {restored.Rates.Length} group LRs, this optimizer {_state.Rates.Length}, or an LR that is not a finite number >= 0");
        _events.Clear();
        _events.AddRange(restored.Events);
        _state = restored with { Events = [] };
    }
}
