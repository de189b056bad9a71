using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Optimization;

/// <summary>
/// Schedule-free optimization (Defazio, Yang, Mehta, Mishchenko, Khaled and Cutkosky, "The Road Less Scheduled",
/// 2024), as the authors' package computes it. Three sequences: z takes plain (SGD or AdamW) steps, x is a weighted
/// average of the z's, and the gradient is taken at y = (1 - momentum) z + momentum x. The parameters hold y while
/// training and x after <see cref="eval"/>: evaluate and save at x, then <see cref="train"/> before the next step.
/// Step k uses lr x min(1, (k+1)/warm-up) (the optimizer's own warm-up) and gives weight (k+1)^r x lr_max^p to the
/// average; y and x are updated in place without storing x (the authors' formulation). One difference: an optimizer
/// starts in train mode (the authors' starts in eval mode and refuses to step until <c>train()</c>; before the first
/// step both modes hold the same parameters).
/// </summary>
public abstract class ScheduleFreeOptimizer : ManagedOptimizer<ScheduleFreeOptions>
{
    private readonly bool _adaptive;

    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="options">The settings, checked here.</param>
    /// <param name="adaptive">True for AdamW (needs beta2, epsilon and a second moment).</param>
    protected ScheduleFreeOptimizer(IEnumerable<Parameter> parameters, ScheduleFreeOptions options, bool adaptive) : base(Checked(options, adaptive))
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _adaptive = adaptive;
        add_param_group(new ScheduleFreeParamGroup(parameters, Defaults.Copy()));
    }

    private static ScheduleFreeOptions Checked(ScheduleFreeOptions options, bool adaptive)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Copy();
        copy.Validate(adaptive);
        return copy;
    }

    /// <summary>True while the parameters hold the training point y; false while they hold the average x.</summary>
    public bool IsTraining => ParamGroups.Cast<ScheduleFreeParamGroup>().All(g => g.Options.TrainMode);

    /// <summary>The LR after warm-up each group used at its last step (the authors' scheduled_lr).</summary>
    public IReadOnlyList<double> ScheduledLearningRates => [.. ParamGroups.Cast<ScheduleFreeParamGroup>().Select(g => g.Options.ScheduledLearningRate)];

    /// <summary>Puts the average x into the parameters, for evaluating or saving (x = y + (1 - 1/momentum)(z - y)); y is kept.</summary>
    public void eval() => Switch(toTraining: false);

    /// <summary>
    /// Puts the training point y back into the parameters: exactly the y that <see cref="eval"/> left (also after a
    /// checkpoint saved in eval mode is loaded), so evaluating or saving never changes the run. The authors recompute
    /// y = x + (1 - momentum)(z - x), which differs from the y left in its last bits; without a kept y (a state saved
    /// before it was kept) so does this.
    /// </summary>
    public void train() => Switch(toTraining: true);

    private void Switch(bool toTraining)
    {
        using var noGrad = no_grad();
        foreach (var group in ParamGroups.Cast<ScheduleFreeParamGroup>())
        {
            var o = group.Options;
            if (o.TrainMode == toTraining) continue;
            double momentum = o.Momentum!.Value;
            foreach (var p in group.Parameters)
            {
                var state = (ScheduleFreeState)_state[p.Handle];
                if (state.Z is not { } z) continue;
                if (!toTraining)
                {
                    state.TrainingPoint?.Dispose();
                    state.TrainingPoint = p.detach().clone().DetachFromDisposeScope();
                    p.Lerp_(z, 1 - (1 / momentum));
                }
                else if (state.TrainingPoint is { } y)
                {
                    p.copy_(y);
                    y.Dispose();
                    state.TrainingPoint = null;
                }
                else
                {
                    p.Lerp_(z, 1 - momentum);
                }
            }

            o.TrainMode = toTraining;
        }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (!IsTraining) throw new InvalidOperationException("the optimizer is in eval mode (its parameters hold the average x): call train() before step()");
        return _step<ScheduleFreeParamGroup>(group =>
        {
            var o = group.Options;
            long k = o.StepsTaken;
            long warmup = o.WarmupSteps!.Value;
            double lr = o.LearningRate!.Value * (k < warmup ? (double)(k + 1) / warmup : 1.0);
            o.ScheduledLearningRate = lr;
            o.LargestLearningRate = Math.Max(lr, o.LargestLearningRate);
            double weight = Math.Pow(k + 1, o.R!.Value) * Math.Pow(o.LargestLearningRate, o.WeightLrPower!.Value);
            o.WeightSum += weight;
            double ckp1 = o.WeightSum == 0 ? 0 : weight / o.WeightSum; // the authors' guard against 0/0
            double yStep = lr * ((o.Momentum!.Value * (1 - ckp1)) - 1);
            foreach (var p in group.Parameters)
            {
                var grad = p.grad;
                if (grad is null) continue;
                var state = (ScheduleFreeState)_state[p.Handle];
                state.Start();
                using var scope = NewDisposeScope();
                var direction = Direction(p, grad, state, o, k);
                if (o.WeightDecay!.Value != 0) direction = direction.PlusScaled(p, o.WeightDecay.Value); // decay taken at y
                p.Lerp_(state.Z!, ckp1);
                p.AddScaled_(direction, yStep);
                state.Z!.AddScaled_(direction, -lr);
            }

            o.StepsTaken = k + 1;
        }, closure);
    }

    /// <summary>The step direction before weight decay: the gradient (SGD) or the gradient over AdamW's denominator.</summary>
    /// <param name="p">The parameter (at y).</param>
    /// <param name="grad">Its gradient at y.</param>
    /// <param name="state">Its state, started.</param>
    /// <param name="o">Its group's settings.</param>
    /// <param name="k">The group's step count before this step.</param>
    protected abstract Tensor Direction(Parameter p, Tensor grad, ScheduleFreeState state, ScheduleFreeOptions o, long k);

    /// <inheritdoc />
    protected override ScheduleFreeOptions Copy(ScheduleFreeOptions defaults) => defaults.Copy();

    /// <inheritdoc />
    protected override void Complete(ScheduleFreeOptions group, ScheduleFreeOptions defaults)
    {
        group.Momentum ??= defaults.Momentum;
        group.Beta2 ??= defaults.Beta2;
        group.Epsilon ??= defaults.Epsilon;
        group.WeightDecay ??= defaults.WeightDecay;
        group.WarmupSteps ??= defaults.WarmupSteps;
        group.R ??= defaults.R;
        group.WeightLrPower ??= defaults.WeightLrPower;
    }

    /// <inheritdoc />
    protected override OptimizerState NewState(Parameter parameter) => new ScheduleFreeState(parameter, _adaptive);
}
