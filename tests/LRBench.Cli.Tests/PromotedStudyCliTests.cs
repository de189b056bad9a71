using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Tests;

/// <summary>
/// The shipped promotion-based ASHA example end to end, each trial in its own process: trials wait at rungs and are
/// promoted or pruned, nothing is left waiting, every seed finishes a trial, `study status` shows the decisions, and
/// a rerun decides nothing anew.
/// </summary>
public sealed class PromotedStudyCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-promotion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Example => Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies", "synthetic-asha-promotion.yaml");

    [Fact]
    public void The_promotion_example_runs_in_trial_processes_and_leaves_nothing_waiting()
    {
        string store = "sqlite:" + Path.Combine(_dir, "promotion.db");
        var (code, output, err) = Cli.Run("study", "run", Example, "--store", store, "--out", Path.Combine(_dir, "out"), "--parallel", "2", "--threads", "1", "--trial-processes");
        Assert.True(code == 0, err + output);
        Assert.Contains("paused at a rung, waiting for promotion", output, StringComparison.Ordinal);

        int decisionCount;
        using (var s = StudyStore.OpenReadOnly(StoreLocation.Parse(store)))
        {
            var row = s.Results.FindStudy("synthetic-asha-promotion")!;
            Assert.True(row.Pruner!.Promotion);
            var trials = s.Results.Trials(row.Id);
            var decisions = s.Results.RungDecisions(row.Id);
            decisionCount = decisions.Count;
            Assert.Equal(18, trials.Count);
            Assert.All(trials, t => Assert.True(t.Status.IsFinished(), $"{t.Label} seed {t.Seed} is {t.Status}"));
            Assert.DoesNotContain(decisions, d => d.Decision == RungDecision.Pause);
            foreach (var seed in trials.GroupBy(t => t.Seed))
            {
                Assert.Contains(seed, t => t.Status == TrialStatus.Completed);
                // The top 3 of the 9 at the first rung went on.
                var ids = seed.Select(t => t.Id).ToHashSet();
                var rung0 = decisions.Where(d => d.Rung == 0 && ids.Contains(d.TrialId)).OrderByDescending(d => double.IsNaN(d.Score) ? double.NegativeInfinity : d.Score).ToList();
                Assert.Equal(9, rung0.Count);
                Assert.All(rung0.Take(3), d => Assert.Equal(RungDecision.Continue, d.Decision));
            }

            // A pruned trial stopped where it waited: its steps are its rung's.
            Assert.All(trials.Where(t => t.Status == TrialStatus.Pruned), t =>
                Assert.Equal(Assert.Single(decisions, d => d.TrialId == t.Id && d.Decision == RungDecision.Stop).Step, t.Steps));
        }

        var (_, status, _) = Cli.Run("study", "status", "synthetic-asha-promotion", "--store", store);
        Assert.Contains("stop", status, StringComparison.Ordinal);
        Assert.Contains("continue", status, StringComparison.Ordinal);
        Assert.DoesNotContain("paused", status, StringComparison.Ordinal);

        (code, _, err) = Cli.Run("study", "run", Example, "--store", store, "--out", Path.Combine(_dir, "out"));
        Assert.True(code == 0, err);
        using var again = StudyStore.OpenReadOnly(StoreLocation.Parse(store));
        Assert.Equal(decisionCount, again.Results.RungDecisions(again.Results.FindStudy("synthetic-asha-promotion")!.Id).Count);
    }
}
