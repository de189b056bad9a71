using System.Globalization;

namespace LRBench.Training.Models;

/// <summary>
/// The size of a <see cref="CharTransformer"/>, as its zoo name gives it: <c>char-transformer</c> is 2 layers of width
/// 64 with 4 heads over 64 characters; <c>char-transformer:L,W,H,T</c> sets all four.
/// </summary>
public sealed record CharTransformerShape(int Layers, int Width, int Heads, int Context)
{
    /// <summary>The zoo name of the model.</summary>
    public const string ModelName = "char-transformer";

    /// <summary>The default shape: small enough for a study of dozens of trials on two CPU cores.</summary>
    public static CharTransformerShape Default { get; } = new(2, 64, 4, 64);

    /// <summary>The largest width, layer count and context accepted (a guard against names that would exhaust memory).</summary>
    public const int MaxWidth = 1024, MaxLayers = 24, MaxContext = 1024;

    /// <summary>True when <paramref name="model"/> names a character Transformer (with or without a shape).</summary>
    public static bool Names(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string n = model.Trim().ToLowerInvariant();
        return n == ModelName || n.StartsWith(ModelName + ":", StringComparison.Ordinal);
    }

    /// <summary>The shape a zoo name gives; throws an <see cref="ArgumentException"/> saying what is allowed.</summary>
    public static CharTransformerShape Parse(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string n = model.Trim().ToLowerInvariant();
        if (n == ModelName) return Default;
        if (!Names(n)) throw new ArgumentException($"model '{model}' is not a {ModelName}");
        const string Rule = "write char-transformer:LAYERS,WIDTH,HEADS,CONTEXT with positive integers, WIDTH divisible by HEADS, e.g. char-transformer:2,64,4,64";
        var parts = n[(ModelName.Length + 1)..].Split(',', StringSplitOptions.TrimEntries);
        var values = new int[4];
        if (parts.Length != 4) throw new ArgumentException($"model '{model}': {Rule}");
        for (int i = 0; i < 4; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0)
                throw new ArgumentException($"model '{model}': {Rule}");
        }

        var shape = new CharTransformerShape(values[0], values[1], values[2], values[3]);
        if (shape.Width % shape.Heads != 0) throw new ArgumentException($"model '{model}': {Rule}");
        if (shape.Layers > MaxLayers || shape.Width > MaxWidth || shape.Context > MaxContext)
            throw new ArgumentException($"model '{model}': at most {MaxLayers} layers, width {MaxWidth} and context {MaxContext}");
        return shape;
    }
}
