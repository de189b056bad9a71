using System.Text.Json;

namespace LRBench.Cli.Tests;

/// <summary>--log-format json: standard output is one JSON object per event, and nothing else.</summary>
public sealed class StructuredLogCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_study_run_logs_claim_start_evaluation_and_finish_events_as_json_lines()
    {
        string study = Path.Combine(_dir, "log-study.yaml");
        File.WriteAllText(study, """
            name: log-study
            task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 20ba, evaluate_every: 10ba}
            seeds: [0, 1]
            policies: ["FIX(k0=0.05)", "EXP(k0=0.05, gamma=0.99)"]
            """);
        var (code, output, err) = Cli.Run("study", "run", study, "--log-format", "json", "--parallel", "2");
        Assert.True(code == 0, err);
        Assert.Contains("trials finished", err, StringComparison.Ordinal); // the human lines go to standard error

        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(events, e =>
        {
            Assert.Equal("LRBench.Studies", e.GetProperty("Category").GetString());
            Assert.True(DateTimeOffset.TryParse(e.GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        });
        string Name(JsonElement e) => e.GetProperty("State").GetProperty("EventName").GetString()!;
        Assert.Equal(1, events.Count(e => Name(e) == "study"));
        Assert.Equal(4, events.Count(e => Name(e) == "claim"));
        Assert.Equal(4, events.Count(e => Name(e) == "start"));
        Assert.Equal(8, events.Count(e => Name(e) == "evaluation")); // 4 trials x steps 10 and 20
        var finishes = events.Where(e => Name(e) == "finish").ToList();
        Assert.Equal(4, finishes.Count);
        Assert.All(finishes, f => Assert.Equal("completed", f.GetProperty("State").GetProperty("Ending").GetString()));

        var claim = events.First(e => Name(e) == "claim").GetProperty("State");
        Assert.Equal(1, claim.GetProperty("Attempt").GetInt32());
        Assert.False(string.IsNullOrEmpty(claim.GetProperty("Worker").GetString()));
        var evaluation = events.First(e => Name(e) == "evaluation").GetProperty("State");
        Assert.InRange(evaluation.GetProperty("Top1").GetDouble(), 0, 1);
        Assert.Equal(4, events.Where(e => Name(e) == "evaluation").Select(e => e.GetProperty("State").GetProperty("TrialId").GetInt64()).Distinct().Count());
    }

    [Fact]
    public void An_unknown_log_format_is_bad_input()
    {
        var (code, _, err) = Cli.Run("study", "run", Path.Combine(_dir, "none.yaml"), "--log-format", "xml");
        Cli.AssertBadInput(code, err, "xml");
    }
}
