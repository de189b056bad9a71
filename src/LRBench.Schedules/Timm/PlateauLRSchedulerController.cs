using System.Text.Json;
using LRBench.Schedules.PyTorch;

namespace LRBench.Schedules.Timm;

/// <summary>One run of <see cref="PlateauLRScheduler"/>: the epoch count (readings) around a ReduceLROnPlateau state.</summary>
internal sealed class PlateauLRSchedulerController(ReduceLROnPlateauOptions plateau, long warmupT, double warmupLrInit, TimmTimeline noise) : IMetricController
{
    private readonly ReduceLROnPlateauController _inner = new(plateau);
    private double[] _scales = [1];
    private long _epoch;

    public MetricSource Source => plateau.Source;

    public long Steps => _inner.Steps;

    public double LearningRate => _scales[0] > 0 ? GroupLearningRate(0) / _scales[0] : plateau.BaseLr;

    public IReadOnlyList<PolicyEvent> Events => _inner.Events;

    public void BindGroups(IReadOnlyList<double> scales)
    {
        _inner.BindGroups(scales);
        _scales = [.. scales];
    }

    public double GroupLearningRate(int group)
    {
        // timm: step(epoch) with epoch <= warmup_t sets the warm-up LR; before any step the LR is warmup_lr_init.
        double lr = warmupT > 0 && _epoch <= warmupT
            ? warmupLrInit + (_epoch * ((plateau.BaseLr * _scales[group]) - warmupLrInit) / warmupT)
            : _inner.GroupLearningRate(group);
        return _epoch > warmupT ? noise.WithNoise(lr, _epoch) : lr; // timm adds noise only to the plateau's steps
    }

    public void Observe(double loss) => _inner.Observe(loss);

    public void ObserveMetric(double value)
    {
        if (double.IsNaN(value)) return;
        _epoch++;
        if (_epoch > warmupT) _inner.ObserveMetric(value); // the plateau state never sees the noise: timm restores the LR first
    }

    public string SaveState() => JsonSerializer.Serialize(new TimmPlateauState(_epoch, _inner.SaveState()), TimmPlateauJson.Default.TimmPlateauState);

    public void RestoreState(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        TimmPlateauState? state;
        try
        {
            state = JsonSerializer.Deserialize(json, TimmPlateauJson.Default.TimmPlateauState);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"PlateauLRScheduler's state does not read: {e.Message}", e);
        }

        if (state is null || state.Epoch < 0 || state.Inner is null) throw new InvalidDataException("PlateauLRScheduler's state is empty or damaged");
        _inner.RestoreState(state.Inner);
        _epoch = state.Epoch;
    }
}
