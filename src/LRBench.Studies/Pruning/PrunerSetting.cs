namespace LRBench.Studies.Pruning;

/// <summary>A numeric setting a pruner takes in a study file, with its default and its allowed range.</summary>
/// <param name="Key">The study-file key (reduction_factor).</param>
/// <param name="Default">The value when the file leaves it out.</param>
/// <param name="Min">The least allowed value.</param>
/// <param name="Max">The greatest allowed value.</param>
/// <param name="WholeNumber">True when only whole numbers are allowed.</param>
public sealed record PrunerSetting(string Key, double Default, double Min, double Max, bool WholeNumber)
{
    /// <summary>The allowed values in words, for error messages.</summary>
    public string Rule => WholeNumber
        ? (Max >= int.MaxValue ? $"an integer >= {Min}" : $"an integer from {Min} to {Max}")
        : $"a number above {Min} and below {Max}";

    /// <summary>True when <paramref name="value"/> is allowed.</summary>
    public bool Allows(double value) => WholeNumber
        ? value >= Min && value <= Max && Math.Floor(value) == value
        : value > Min && value < Max;
}
