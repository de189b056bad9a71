namespace LRBench.Studies.Model.Definitions;

/// <summary>
/// One searched parameter of a Bayesian search, as stored with the study: a range, uniform or log-uniform, or a list
/// of numbers. Values map to [0, 1] for the Gaussian process (<see cref="ToUnit"/>) and back (<see cref="FromUnit"/>).
/// </summary>
/// <param name="Key">The spec parameter (k0, gamma, ...).</param>
/// <param name="Distribution">Uniform, log-uniform, or a choice.</param>
/// <param name="Low">A range's low bound.</param>
/// <param name="High">A range's high bound.</param>
/// <param name="Choices">A choice's numbers, in the order written.</param>
public sealed record SearchParameter(string Key, SearchDistribution Distribution, double Low, double High, IReadOnlyList<double> Choices)
{
    /// <summary>A value's position in [0, 1]: linear, logarithmic, or the choice's index spread evenly.</summary>
    public double ToUnit(double value) => Distribution switch
    {
        SearchDistribution.LogUniform => (Math.Log(value) - Math.Log(Low)) / (Math.Log(High) - Math.Log(Low)),
        SearchDistribution.Uniform => (value - Low) / (High - Low),
        _ => Choices.Count == 1 ? 0.5 : Math.Max(0, IndexOf(value)) / (double)(Choices.Count - 1),
    };

    /// <summary>The value at a position in [0, 1], rounded to 6 significant digits as random draws are (a choice: the nearest).</summary>
    public double FromUnit(double u)
    {
        u = Math.Clamp(u, 0, 1);
        double x = Distribution switch
        {
            SearchDistribution.LogUniform => Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low)))),
            SearchDistribution.Uniform => Low + (u * (High - Low)),
            _ => Choices[(int)Math.Round(u * (Choices.Count - 1))],
        };
        return double.Parse(x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }

    private int IndexOf(double value)
    {
        for (int i = 0; i < Choices.Count; i++)
        {
            if (Choices[i] == value) return i;
        }

        return -1;
    }
}
