using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>
/// Multi-head self-attention in which position t attends only to positions 0..t (GPT's causal mask): one linear
/// layer makes queries, keys and values, each head scores by q·k / sqrt(head width), and a second linear layer
/// mixes the heads. Written out with matmul and softmax rather than a fused kernel, so it runs the same in float64.
/// </summary>
internal sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    private readonly Linear _qkv;
    private readonly Linear _proj;
    private readonly Tensor _mask;
    private readonly int _heads;

    public CausalSelfAttention(int width, int heads, int context) : base("attention")
    {
        _heads = heads;
        _qkv = Linear(width, 3L * width);
        _proj = Linear(width, width);
        // 0 on and below the diagonal, -inf above: added to the scores, it zeroes attention to later positions.
        var mask = new float[context * context];
        for (int i = 0; i < context; i++)
        {
            for (int j = i + 1; j < context; j++) mask[(i * context) + j] = float.NegativeInfinity;
        }

        _mask = tensor(mask, [context, context]);
        register_buffer("mask", _mask, persistent: false);
        RegisterComponents();
    }

    /// <summary>The projection that mixes the heads (GPT-2 scales its initial weights by depth).</summary>
    public Linear Projection => _proj;

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1], width = x.shape[2], head = width / _heads;
        using var scope = NewDisposeScope();
        var qkv = _qkv.forward(x).reshape(b, t, 3, _heads, head).permute(2, 0, 3, 1, 4); // (3, B, H, T, head)
        var q = qkv[0];
        var k = qkv[1];
        var v = qkv[2];
        var scores = q.matmul(k.transpose(-2, -1)).Times(1.0 / Math.Sqrt(head));
        var mask = _mask.narrow(0, 0, t).narrow(1, 0, t).to(scores.dtype);
        var weights = scores.PlusScaled(mask, 1.0).softmax(-1);
        var mixed = weights.matmul(v).transpose(1, 2).reshape(b, t, width);
        return _proj.forward(mixed).MoveToOuterDisposeScope();
    }
}
