using LRBench.Studies.Storage;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Cli.Tests;

/// <summary>
/// The shipped synthetic ASHA study end to end: some trials are pruned at rungs, which the store records; status,
/// ranking and report show them as pruned; the compute line is below the full study's; a rerun decides nothing anew.
/// </summary>
public sealed class PrunedStudyCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-asha-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Example => Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies", "synthetic-asha.yaml");

    [Fact]
    public void The_synthetic_asha_example_prunes_some_trials_and_shows_them_as_pruned()
    {
        string store = "sqlite:" + Path.Combine(_dir, "asha.db");
        var (code, output, err) = Cli.Run("study", "run", Example, "--store", store, "--out", Path.Combine(_dir, "out"));
        Assert.True(code == 0, err + output);

        using (var s = StudyStore.OpenReadOnly(StoreLocation.Parse(store)))
        {
            var row = s.Results.FindStudy("synthetic-asha")!;
            var trials = s.Results.Trials(row.Id);
            var decisions = s.Results.RungDecisions(row.Id);
            Assert.True(trials.Count >= 8);
            var pruned = trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
            Assert.NotEmpty(pruned);
            Assert.Contains(trials, t => t.Status == TrialStatus.Completed);
            // Every pruned trial has exactly one stop decision, and stopped training there: its steps are the
            // judged step (plus nothing: the probe's steps are not the trial's).
            foreach (var t in pruned)
            {
                var stop = Assert.Single(decisions, d => d.TrialId == t.Id && d.Decision == RungDecision.Stop);
                Assert.Equal(stop.Step, t.Steps);
                Assert.Contains(s.Results.Evaluations(row.Id), e => e.TrialId == t.Id); // pruned trials keep their evaluations
            }

            // Completed trials went through every rung.
            Assert.All(trials.Where(t => t.Status == TrialStatus.Completed), t =>
                Assert.Equal(t.Trial.Rungs.Count, decisions.Count(d => d.TrialId == t.Id && d.Decision == RungDecision.Continue)));
            // Fair rungs: the cyclic policies were judged at a cycle end somewhere, the decaying ones after probes.
            Assert.Contains(decisions, d => d.ProbeSteps == 0);
            Assert.Contains(decisions, d => d.ProbeSteps > 0);
        }

        var (_, status, _) = Cli.Run("study", "status", "synthetic-asha", "--store", store);
        Assert.Contains(" pruned", status, StringComparison.Ordinal);
        Assert.Contains("stop", status, StringComparison.Ordinal);
        var compute = System.Text.RegularExpressions.Regex.Match(status, @"compute: ([\d.]+) of 60 epochs \(([\d.]+)%\)");
        Assert.True(compute.Success, status);
        Assert.InRange(double.Parse(compute.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 99);

        var (_, csv, _) = Cli.Run("study", "rank", "synthetic-asha", "--store", store, "--format", "csv");
        var rows = RankCsv.Rows(csv);
        // Settings with a pruned seed rank after every completed one.
        var prunedColumn = rows.Select(r => int.Parse(r["pruned"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(prunedColumn.OrderBy(p => p > 0 ? 1 : 0), prunedColumn);

        string report = Path.Combine(_dir, "report");
        Assert.Equal(0, Cli.Run("study", "report", "synthetic-asha", "--store", store, "--out", report).Code);
        Assert.Matches(@"\d+ pruned", File.ReadAllText(Path.Combine(report, "report.html")));

        // A rerun finds every trial finished and records no new decision.
        int before = CountDecisions(store);
        (code, output, err) = Cli.Run("study", "run", Example, "--store", store, "--out", Path.Combine(_dir, "out"));
        Assert.True(code == 0, err);
        Assert.Equal(before, CountDecisions(store));
    }

    private static int CountDecisions(string store)
    {
        using var s = StudyStore.OpenReadOnly(StoreLocation.Parse(store));
        return s.Results.RungDecisions(s.Results.FindStudy("synthetic-asha")!.Id).Count;
    }
}
