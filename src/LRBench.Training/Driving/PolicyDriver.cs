using System.Text.Json;
using LRBench.Schedules;
using TorchSharp;

namespace LRBench.Training.Driving;

/// <summary>
/// Drives any TorchSharp optimizer from a policy. Like a PyTorch scheduler: construction sets the values for step 0;
/// call <see cref="Step()"/> after each <c>optimizer.step()</c> to move to the next step. Every param group gets
/// lr = policy(t) x its scale; where the policy sets momentum, SGD/RMSprop groups get it as momentum and Adam-family
/// groups as beta1 (beta2 untouched). SaveState/RestoreState resume at the same step.
/// <para>
/// An <see cref="AdaptiveSchedule"/> (AutoWU) needs each step's training loss: call <see cref="Step(double)"/> with it.
/// Its controller's state travels in <see cref="PolicyDriverState.Adaptive"/>.
/// </para>
/// </summary>
public sealed class PolicyDriver
{
    private readonly torch.optim.Optimizer _optimizer;
    private readonly Schedule _schedule;
    private readonly double[] _scales;
    private readonly IAdaptiveController? _adaptive;

    /// <param name="optimizer">Any TorchSharp optimizer.</param>
    /// <param name="schedule">The policy; a pure function of the step.</param>
    /// <param name="groupScales">Per-param-group LR multipliers (e.g. a smaller LR for a backbone); default 1 for every group.</param>
    public PolicyDriver(torch.optim.Optimizer optimizer, Schedule schedule, IReadOnlyList<double>? groupScales = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        _optimizer = optimizer;
        _schedule = schedule;
        int groups = optimizer.ParamGroups.Count();
        if (groupScales is not null && groupScales.Count != groups)
            throw new ArgumentException($"groupScales has {groupScales.Count} values but the optimizer has {groups} param groups", nameof(groupScales));
        if (groupScales is not null && groupScales.Any(s => !(s >= 0) || !double.IsFinite(s)))
            throw new ArgumentException("every group scale must be a finite number >= 0", nameof(groupScales));
        _scales = groupScales is null ? [.. Enumerable.Repeat(1.0, groups)] : [.. groupScales];
        _adaptive = (schedule as AdaptiveSchedule)?.Start();
        (_adaptive as IMetricController)?.BindGroups(_scales);

        if (schedule.CyclesMomentum && !optimizer.ParamGroups.All(g => g is torch.optim.IMomentum or torch.optim.IBetas))
        {
            throw new ArgumentException(
                $"the policy cycles momentum, but {optimizer.GetType().Name} has neither momentum nor betas; turn momentum cycling off (cycle_momentum=false)",
                nameof(schedule));
        }

        Apply();
    }

    /// <summary>The step whose values are currently set on the optimizer.</summary>
    public long Position { get; private set; }

    /// <summary>True when the policy reacts to the loss: steps must then go through <see cref="Step(double)"/>.</summary>
    public bool IsAdaptive => _adaptive is not null;

    /// <summary>Decisions the adaptive policy took so far (none for step-only policies).</summary>
    public IReadOnlyList<PolicyEvent> Events => _adaptive?.Events ?? [];

    /// <summary>The learning rate currently set (before group scales).</summary>
    public double CurrentLearningRate => _adaptive?.LearningRate ?? _schedule.LearningRate(Position);

    /// <summary>Moves to the next step and sets its values. Call after <c>optimizer.step()</c>; adaptive policies need <see cref="Step(double)"/>.</summary>
    public void Step()
    {
        if (_adaptive is not null)
            throw new InvalidOperationException("this policy reacts to the training loss: call Step(loss) with the loss of the step just taken");
        Position++;
        Apply();
    }

    /// <summary>Moves to the next step after a step whose training loss was <paramref name="loss"/>.</summary>
    public void Step(double loss)
    {
        _adaptive?.Observe(loss);
        Position++;
        Apply();
    }

    /// <summary>The metric a metric-driven policy (ReduceLROnPlateau) reads, or null: report its values with <see cref="Observe"/>.</summary>
    public MetricSource? Metric => (_adaptive as IMetricController)?.Source;

    /// <summary>
    /// Reports one value of the metric the policy watches (<see cref="Metric"/>; e.g. the validation loss after each
    /// evaluation, as PyTorch's <c>scheduler.step(val_loss)</c>) and sets the LR it decides. Policies that watch no
    /// metric ignore it.
    /// </summary>
    public void Observe(double metric)
    {
        if (_adaptive is not IMetricController controller) return;
        controller.ObserveMetric(metric);
        Apply();
    }

    /// <summary>The driver's position (and an adaptive policy's state), to resume with <see cref="RestoreState(PolicyDriverState)"/>.</summary>
    public PolicyDriverState SaveState() => new(Position, _adaptive?.SaveState());

    /// <summary>Continues from a saved state and sets the optimizer's LR for that step.</summary>
    public void RestoreState(PolicyDriverState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(state.Step);
        if (_adaptive is not null)
        {
            if (state.Adaptive is null) throw new InvalidDataException("the saved driver state has no adaptive-policy state, but this policy needs one");
            _adaptive.RestoreState(state.Adaptive);
            if (_adaptive.Steps != state.Step)
                throw new InvalidDataException($"the adaptive policy's state is at step {_adaptive.Steps}, the driver's at {state.Step}");
        }

        Position = state.Step;
        Apply();
    }

    /// <summary>Writes <see cref="SaveState()"/> to a JSON file.</summary>
    public void SaveState(string path) => File.WriteAllText(path, JsonSerializer.Serialize(SaveState()));

    /// <summary>Reads a state written by <see cref="SaveState(string)"/> and continues from it.</summary>
    public void RestoreState(string path) =>
        RestoreState(JsonSerializer.Deserialize<PolicyDriverState>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} does not hold a driver state"));

    private void Apply()
    {
        var value = _adaptive is null ? _schedule.At(Position) : new ScheduleValue(_adaptive.LearningRate, null);
        var perGroup = _adaptive as IMetricController;
        int i = 0;
        foreach (var group in _optimizer.ParamGroups)
        {
            // A metric-driven policy keeps each group's LR itself (PyTorch's min_lr per group); others are scaled here.
            group.LearningRate = perGroup is not null ? perGroup.GroupLearningRate(i) : value.LearningRate * _scales[i];
            i++;
            if (value.Momentum is double m)
            {
                // Schedules accept any momentum, as PyTorch's do; an optimizer refuses what it cannot use, named here
                // rather than found as NaN weights later.
                switch (group)
                {
                    case torch.optim.IMomentum withMomentum:
                        if (!(m >= 0) || !double.IsFinite(m))
                            throw new InvalidOperationException($"the policy sets momentum {m} at step {Position}; {_optimizer.GetType().Name} accepts momentum >= 0");
                        withMomentum.Momentum = m;
                        break;
                    case torch.optim.IBetas withBetas:
                        if (!(m >= 0 && m < 1))
                            throw new InvalidOperationException($"the policy sets beta1 {m} at step {Position}; {_optimizer.GetType().Name} accepts beta1 in [0, 1)");
                        withBetas.Betas = (m, withBetas.Betas.Item2);
                        break;
                }
            }
        }
    }
}
