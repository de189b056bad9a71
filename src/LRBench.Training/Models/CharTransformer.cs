using LRBench.Training.Tensors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LRBench.Training.Models;

/// <summary>
/// A small character-level GPT: token and learnt position embeddings, <c>Layers</c> pre-norm Transformer blocks
/// with causal self-attention, a final LayerNorm and a linear layer to the vocabulary. Input: (batch, T) int64 ids,
/// T at most the context; output: (batch, T, vocabulary) logits, position t predicting character t + 1.
/// <para>
/// Initialisation as GPT-2: weights N(0, 0.02), biases 0, LayerNorms 1 and 0, and the two layers of each block that
/// write into the residual stream N(0, 0.02 / sqrt(2 x layers)), so the stream's variance does not grow with depth.
/// </para>
/// </summary>
public sealed class CharTransformer : Module<Tensor, Tensor>
{
    private readonly Embedding _tokens;
    private readonly Parameter _positions;
    private readonly ModuleList<TransformerBlock> _blocks;
    private readonly LayerNorm _lnFinal;
    private readonly Linear _head;

    /// <param name="shape">Layers, width, heads and context length.</param>
    /// <param name="vocabulary">How many token ids there are.</param>
    public CharTransformer(CharTransformerShape shape, int vocabulary) : base("char-transformer")
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        _tokens = Embedding(vocabulary, shape.Width);
        _positions = new Parameter(zeros(shape.Context, shape.Width));
        _blocks = new ModuleList<TransformerBlock>([.. Enumerable.Range(0, shape.Layers).Select(_ => new TransformerBlock(shape.Width, shape.Heads, shape.Context))]);
        _lnFinal = LayerNorm(shape.Width);
        _head = Linear(shape.Width, vocabulary);
        RegisterComponents();
        Initialise();
    }

    /// <summary>Its layers, width, heads and context.</summary>
    public CharTransformerShape Shape { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long t = input.shape[1];
        if (t > Shape.Context) throw new ArgumentException($"a sequence of {t} characters is longer than the model's context of {Shape.Context}");
        var x = _tokens.forward(input).PlusScaled(_positions.narrow(0, 0, t), 1.0);
        foreach (var block in _blocks) x = block.forward(x);
        return _head.forward(_lnFinal.forward(x)).MoveToOuterDisposeScope();
    }

    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.Contains("ln", StringComparison.Ordinal)) continue; // LayerNorms keep weight 1, bias 0
            if (p.dim() == 1) nn.init.zeros_(p);
            else nn.init.normal_(p, 0, 0.02);
        }

        double residual = 0.02 / Math.Sqrt(2.0 * Shape.Layers);
        foreach (var layer in _blocks.SelectMany(b => b.ResidualOutputs)) nn.init.normal_(layer.weight!, 0, residual);
    }

    /// <summary>The parameter count of a model of this shape (for tables and tests).</summary>
    public static long ParameterCount(CharTransformerShape shape, int vocabulary)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long d = shape.Width;
        long block = (2 * 2 * d) + (d * 3 * d) + (3 * d) + (d * d) + d + (d * 4 * d) + (4 * d) + (4 * d * d) + d;
        return (vocabulary * d) + (shape.Context * d) + (shape.Layers * block) + (2 * d) + (d * vocabulary) + vocabulary;
    }

}
