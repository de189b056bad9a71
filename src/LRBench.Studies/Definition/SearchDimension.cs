using System.Globalization;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Definition;

/// <summary>
/// One parameter of a random search: a uniform or log-uniform range, or a list of choices. A draw is rounded to 6
/// significant digits, so that the spec, its label and the trial key all carry the same short number.
/// </summary>
internal sealed record SearchDimension(string Key, SearchDistribution Distribution, double Low, double High, IReadOnlyList<(SpecValue Value, string Text)> Choices)
{
    /// <summary>The value for a uniform draw <paramref name="u"/> in [0, 1).</summary>
    public (SpecValue Value, string Text) Draw(double u)
    {
        if (Distribution == SearchDistribution.Choice) return Choices[Math.Min(Choices.Count - 1, (int)(u * Choices.Count))];
        double x = Distribution == SearchDistribution.LogUniform
            ? Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low))))
            : Low + (u * (High - Low));
        string text = x.ToString("G6", CultureInfo.InvariantCulture);
        return (new NumberValue(double.Parse(text, CultureInfo.InvariantCulture)), text);
    }

    /// <summary>
    /// <paramref name="trials"/> points of the space, the same for the same seed: trial i draws from its own stream
    /// (seed, i), one number per dimension in the order they are written, so a resumed or shared study draws the same.
    /// </summary>
    public static IEnumerable<List<(string Key, SpecValue Value, string Text)>> Sample(IReadOnlyList<SearchDimension> space, int trials, long seed)
    {
        for (int i = 0; i < trials; i++)
        {
            var unit = Search.RandomSampler.UnitPoint(seed, i, space.Count);
            yield return [.. space.Select((d, j) =>
            {
                var (value, text) = d.Draw(unit[j]);
                return (d.Key, value, text);
            })];
        }
    }
}
