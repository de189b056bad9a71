using LRBench.Adaptive.Parity;

namespace LRBench.Adaptive.Tests;

/// <summary>The replay of tests/golden/autowu_reference.json that `lrbench autowu replay` prints, case by case.</summary>
public sealed class AutoWuReplayTests
{
    private static string Golden() => RepositoryFiles.GoldenAutoWu;

    [Fact]
    public void Every_golden_case_passes()
    {
        var results = AutoWuReplay.Run(Golden());
        Assert.Equal(9, results.Count); // 5 regressor + 4 trajectory cases
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Case}: {r.Detail}"));
    }

    [Fact]
    public void A_perturbed_recording_fails_with_a_reason()
    {
        string text = File.ReadAllText(Golden());
        // Claim the easy trajectory switched one epoch later than it did.
        string perturbed = text.Replace("\"switch_after_step\": 950", "\"switch_after_step\": 1000", StringComparison.Ordinal);
        Assert.NotEqual(text, perturbed);
        string file = Path.Combine(Path.GetTempPath(), $"autowu-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, perturbed);
        try
        {
            var failed = AutoWuReplay.Run(file).Where(r => !r.Passed).ToList();
            Assert.NotEmpty(failed);
            Assert.Contains(failed, r => r.Detail.Contains("switch after epoch 19 vs 20", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
