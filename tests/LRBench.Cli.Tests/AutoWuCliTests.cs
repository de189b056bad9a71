using System.Text.Json.Nodes;

namespace LRBench.Cli.Tests;

/// <summary>`lrbench autowu replay` on a one-case slice of the golden file (the full replay runs in the Adaptive tests).</summary>
public sealed class AutoWuCliTests
{
    [Fact]
    public void Replay_prints_one_line_per_case_and_the_count()
    {
        string golden = RepositoryFiles.GoldenAutoWu;
        var root = JsonNode.Parse(File.ReadAllText(golden))!.AsObject();
        var one = new JsonObject { ["regressor_cases"] = new JsonArray(root["regressor_cases"]![0]!.DeepClone()) };
        string file = Path.Combine(Path.GetTempPath(), $"autowu-one-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, one.ToJsonString());
        try
        {
            var (code, output, _) = Cli.Run("autowu", "replay", "--golden", file);
            Assert.Equal(0, code);
            var lines = output.TrimEnd().Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("PASS  regressor decreasing", lines[0], StringComparison.Ordinal);
            Assert.Equal("1 passed, 0 failed", lines[1].TrimEnd());
        }
        finally
        {
            File.Delete(file);
        }

        var (missing, _, err) = Cli.Run("autowu", "replay", "--golden", "/nonexistent/golden.json");
        Assert.Equal(2, missing);
        Assert.Contains("golden file not found", err, StringComparison.Ordinal);
    }
}
