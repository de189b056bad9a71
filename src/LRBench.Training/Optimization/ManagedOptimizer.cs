using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchOptions = TorchSharp.Modules.OptimizerOptions;

namespace LRBench.Training.Optimization;

/// <summary>
/// What our optimizers share: validated defaults, param groups completed from them, one state object per parameter
/// made when its group is added, and the states' tensors disposed with the optimizer. Subclasses write the update
/// in <c>step()</c> with <see cref="Tensors.ScalarMath"/> (why they exist: <see cref="OptimizerFactory"/>).
/// </summary>
public abstract class ManagedOptimizer<TOptions> : OptimizerHelper
    where TOptions : TorchOptions
{
    protected ManagedOptimizer(TOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _defaults = defaults;
        _parameter_groups = [];
    }

    protected TOptions Defaults => (TOptions)_defaults;

    /// <summary>A copy of the defaults, for a group added without options.</summary>
    protected abstract TOptions Copy(TOptions defaults);

    /// <summary>Fills the settings a group left unset from the optimizer's defaults.</summary>
    protected abstract void Complete(TOptions group, TOptions defaults);

    /// <summary>The state of one parameter (initialised by the caller with its group's options).</summary>
    protected abstract OptimizerState NewState(Parameter parameter);

    /// <summary>The gradient with an L2 penalty <paramref name="decay"/> w added (SGD's, Adam's and RMSprop's weight decay).</summary>
    protected static Tensor WithL2Penalty(Tensor grad, Parameter parameter, double decay) =>
        decay != 0 ? grad.PlusScaled(parameter, decay) : grad;

    /// <inheritdoc />
    public override void add_param_group(ParamGroup param_group)
    {
        ArgumentNullException.ThrowIfNull(param_group);
        param_group.Options ??= Copy(Defaults);
        var o = (TOptions)param_group.Options;
        o.LearningRate ??= Defaults.LearningRate;
        Complete(o, Defaults);
        o.InitialLearningRate = o.LearningRate!.Value;
        _parameter_groups.Add(param_group);
        foreach (var p in param_group.Parameters)
        {
            var state = NewState(p);
            state.Initialize(o);
            _state[p.Handle] = state;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var kv in _state) (kv.Item2 as IDisposable)?.Dispose();
    }
}
