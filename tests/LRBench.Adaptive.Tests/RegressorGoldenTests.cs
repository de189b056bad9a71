using System.Text.Json;
using LRBench.Adaptive.Gp;

namespace LRBench.Adaptive.Tests;

/// <summary>The GP against the original AutoWU regressor's recorded fits (shared/golden/autowu_reference.json).</summary>
public sealed class RegressorGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Golden()));
        foreach (var c in doc.RootElement.GetProperty("regressor_cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static string Golden() =>
        SharedFiles.Find("golden/autowu_reference.json") ?? throw new FileNotFoundException("../shared/golden/autowu_reference.json is missing");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_and_prediction_match_the_original_within_the_issues_tolerances(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Golden()));
        var c = doc.RootElement.GetProperty("regressor_cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var y = c.GetProperty("losses").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var x = Enumerable.Range(0, y.Length).Select(i => (double)i / y.Length).ToArray();
        var gp = new LossCurveRegressor();
        gp.ResetMean(y.Average());
        gp.Fit(x, y);

        var fitted = c.GetProperty("fitted");
        Assert.InRange(gp.OutputScale / fitted.GetProperty("outputscale").GetDouble(), 0.9, 1.1);
        Assert.InRange(gp.Noise / fitted.GetProperty("noise").GetDouble(), 0.9, 1.1);

        var grid = Enumerable.Range(0, 500).Select(i => i / 499.0).ToArray();
        var p = gp.Predict(x, y, grid);
        var expectedMean = c.GetProperty("pred_mean_every_10").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int i = 0; i < expectedMean.Length; i++) Assert.True(Math.Abs(p.Mean[i * 10] - expectedMean[i]) <= 0.02, $"mean at grid {i * 10}: {p.Mean[i * 10]} vs {expectedMean[i]}");
        Assert.True(Math.Abs(p.ArgMinX - c.GetProperty("argmin_x").GetDouble()) <= 0.01, $"argmin {p.ArgMinX}");
        Assert.True(Math.Abs(p.PastMinimumProbability - c.GetProperty("past_minimum_prob").GetDouble()) <= 0.02, $"past-minimum probability {p.PastMinimumProbability}");
    }

    [Fact]
    public void The_normal_cdf_matches_known_values()
    {
        Assert.Equal(0.5, Special.NormalCdf(0), 7);
        Assert.Equal(0.8413447460685429, Special.NormalCdf(1), 6);
        Assert.Equal(0.9772498680518208, Special.NormalCdf(2), 6);
        Assert.Equal(0.0013498980316301, Special.NormalCdf(-3), 7);
    }

    [Fact]
    public void Cholesky_solves_a_known_system()
    {
        double[,] a = { { 4, 2, 0.4 }, { 2, 5, 1 }, { 0.4, 1, 3 } };
        var l = DenseMatrix.Cholesky(a)!;
        var x = DenseMatrix.Solve(l, [1, 2, 3]);
        for (int i = 0; i < 3; i++)
        {
            double row = 0;
            for (int j = 0; j < 3; j++) row += a[i, j] * x[j];
            Assert.Equal(i + 1, row, 12);
        }

        Assert.Null(DenseMatrix.Cholesky(new double[,] { { 1, 2 }, { 2, 1 } })); // indefinite
    }
}
