using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>A pre-norm Transformer block (GPT-2's): x + attention(LN(x)), then x + MLP(LN(x)) with a 4x GELU MLP.</summary>
internal sealed class TransformerBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm _ln1;
    private readonly CausalSelfAttention _attention;
    private readonly LayerNorm _ln2;
    private readonly Linear _fc;
    private readonly GELU _gelu;
    private readonly Linear _out;

    public TransformerBlock(int width, int heads, int context) : base("block")
    {
        _ln1 = LayerNorm(width);
        _attention = new CausalSelfAttention(width, heads, context);
        _ln2 = LayerNorm(width);
        _fc = Linear(width, 4L * width);
        _gelu = GELU();
        _out = Linear(4L * width, width);
        RegisterComponents();
    }

    /// <summary>The two layers that write into the residual stream (GPT-2 scales their initial weights by depth).</summary>
    public IEnumerable<Linear> ResidualOutputs => [_attention.Projection, _out];

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.PlusScaled(_attention.forward(_ln1.forward(x)), 1.0);
        var y = h.PlusScaled(_out.forward(_gelu.forward(_fc.forward(_ln2.forward(h)))), 1.0);
        return y.MoveToOuterDisposeScope();
    }
}
