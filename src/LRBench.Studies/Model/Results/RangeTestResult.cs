namespace LRBench.Studies.Model.Results;

/// <summary>A finished range test: the sweep, the suggestions and the ranges derived from them.</summary>
public sealed record RangeTestResult(
    IReadOnlyList<double> LearningRates, IReadOnlyList<double> Losses, IReadOnlyList<double> Smoothed, bool StoppedOnDivergence,
    IReadOnlyList<LrSuggestion> Suggestions, double GoodLow, double GoodHigh, double CyclicK0, double CyclicK1)
{
    /// <summary>fastai's "valley": two thirds of the way down the longest run of decreasing loss.</summary>
    public double Valley => Suggested("valley");

    /// <summary>fastai's "slide": where the loss curve stops changing slope, walking left from the end.</summary>
    public double Slide => Suggested("slide");

    /// <summary>fastai's "minimum": the LR of the lowest loss, divided by 10.</summary>
    public double Minimum => Suggested("minimum");

    /// <summary>fastai's "steep": where the loss falls fastest against log(LR).</summary>
    public double Steep => Suggested("steep");

    private double Suggested(string name) => Suggestions.FirstOrDefault(s => s.Name == name)?.LearningRate ?? double.NaN;

    /// <summary>The values a study's placeholders ($k0, $k1, $low, $high and each suggestion's name) take from this test.</summary>
    public Dictionary<string, double> PlaceholderValues()
    {
        var values = new Dictionary<string, double>
        {
            ["k0"] = CyclicK0, ["k1"] = CyclicK1, ["low"] = GoodLow, ["high"] = GoodHigh,
        };
        foreach (var s in Suggestions) values[s.Name] = s.LearningRate;
        return values;
    }
}
