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

    /// <summary>
    /// Compiles <paramref name="spec"/> against every policy (<c>LRBench.Adaptive.Policies.Registry</c>, AutoWU
    /// included) and drives <paramref name="optimizer"/> with it. As a PyTorch scheduler reads <c>initial_lr</c> from
    /// its optimizer, a policy that takes a base LR (PyTorch's, timm's and transformers' names) takes the LR the
    /// optimizer was created with when neither the spec's <c>base_lr</c> nor <paramref name="clock"/> gives one; the
    /// groups must then agree on it (otherwise give base_lr and <paramref name="groupScales"/>).
    /// </summary>
    /// <param name="optimizer">Any TorchSharp optimizer.</param>
    /// <param name="spec">A policy spec, e.g. <c>CosineAnnealingLR(T_max=1000)</c> or <c>warmup_cosine(peak_lr=0.1, warmup=0.1dur)</c>.</param>
    /// <param name="clock">Steps per epoch and run length, for specs written in epochs or fractions of the run.</param>
    /// <param name="groupScales">Per-param-group LR multipliers; default 1 for every group.</param>
    public static PolicyDriver Create(torch.optim.Optimizer optimizer, string spec, RunClock? clock = null, IReadOnlyList<double>? groupScales = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(spec);
        clock ??= RunClock.None;
        // Groups that disagree leave the base LR unknown: a policy that needs one then asks for base_lr.
        if (clock.BaseLearningRate is null && optimizer.ParamGroups.Select(g => g.LearningRate).Distinct().ToList() is [double only])
            clock = clock with { BaseLearningRate = only };

        return new PolicyDriver(optimizer, LRBench.Adaptive.Policies.Registry.Compile(spec, clock), groupScales);
    }

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

    /// <summary>
    /// Moves to the next step and sets its values. Call after <c>optimizer.step()</c>. Policies that read the training
    /// loss (AutoWU, a plateau policy watching the training loss: <see cref="NeedsLoss"/>) need <see cref="Step(double)"/>;
    /// a plateau policy watching a validation metric takes its values through <see cref="Observe"/> and steps here.
    /// </summary>
    public void Step()
    {
        if (NeedsLoss)
            throw new InvalidOperationException("this policy reads the training loss: call Step(loss) with the loss of the step just taken");
        _adaptive?.Observe(double.NaN); // counts the step; a policy watching a validation metric reads no loss
        Position++;
        Apply();
    }

    /// <summary>True when each step's training loss must be given (<see cref="Step(double)"/>): AutoWU, or a plateau policy watching the training loss.</summary>
    public bool NeedsLoss => _adaptive is not null && _adaptive is not IMetricController { Source: not MetricSource.TrainingLoss };

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

    /// <summary>
    /// Reads a state written by <see cref="SaveState(string)"/> and continues from it. A file that is not such a state
    /// (damaged, another file, another policy's) is an <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public void RestoreState(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PolicyDriverState? state;
        try
        {
            state = JsonSerializer.Deserialize<PolicyDriverState>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a driver state written by PolicyDriver.SaveState ({e.Message})", e);
        }

        try
        {
            RestoreState(state ?? throw new InvalidDataException("it is empty"));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or JsonException)
        {
            throw new InvalidDataException($"{path}: cannot continue from this driver state: {e.Message}", e);
        }
    }

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
