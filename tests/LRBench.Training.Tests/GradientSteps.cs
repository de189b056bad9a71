using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Tests;

/// <summary>Optimizer steps with a gradient chosen by the test.</summary>
internal static class GradientSteps
{
    /// <summary>Sets the gradient to <paramref name="g"/> through loss = sum(g * w) and takes one step.</summary>
    public static void StepWithGradient(torch.optim.Optimizer opt, TorchSharp.Modules.Parameter w, double[] g)
    {
        opt.zero_grad();
        using var scope = NewDisposeScope();
        var loss = (w * tensor(g, dtype: float64).reshape(w.shape)).sum();
        loss.backward();
        opt.step();
    }
}
