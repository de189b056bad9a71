using LRBench.Cli.Dashboard;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Tests;

/// <summary>
/// The shipped synthetic race end to end: `study run` races it to its finalists, `study status` shows every round,
/// `study rank` marks the ties, and the dashboard's study page shows the race from the store alone.
/// </summary>
public sealed class RacedStudyCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-race-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Example => Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies", "synthetic-race.yaml");

    [Fact]
    public async Task The_synthetic_race_runs_to_its_finalists_and_every_view_shows_the_race()
    {
        string store = "sqlite:" + Path.Combine(_dir, "race.db");
        var (code, output, err) = Cli.Run("study", "run", Example, "--store", store, "--out", Path.Combine(_dir, "out"));
        Assert.True(code == 0, err + output);

        long id;
        IReadOnlyList<RaceDecisionRow> decisions;
        using (var s = StudyStore.OpenReadOnly(StoreLocation.Parse(store)))
        {
            var row = s.Results.FindStudy("synthetic-race")!;
            id = row.Id;
            decisions = s.Results.RaceDecisions(row.Id);
            var trials = s.Results.Trials(row.Id);
            Assert.Equal(6 * 3, trials.Count(t => t.Seed <= 2)); // every setting ran the first 3 seeds
            Assert.True(trials.Count < 36, "the race spent fewer seeds than the study without it");
        }

        Assert.Contains(decisions, d => d.Decision == RaceDecision.Finalist);
        var (_, status, _) = Cli.Run("study", "status", "synthetic-race", "--store", store);
        Assert.Contains("race over after round", status, StringComparison.Ordinal);
        Assert.Matches(@"compute: \d+ of 72 epochs", status);

        var (_, md, _) = Cli.Run("study", "rank", "synthetic-race", "--store", store, "--format", "markdown");
        Assert.Matches(@"\d of 6 settings (tie for first|is first): ", md);

        using var read = StudyStore.OpenReadOnly(StoreLocation.Parse(store));
        var app = DashboardServer.Build(read, "http://127.0.0.1:0", DashboardServer.AllowedHosts("127.0.0.1", []));
        await app.StartAsync();
        await using var _ = app;
        using var http = new HttpClient();
        string page = await http.GetStringAsync($"{app.Urls.Single()}/study/{id}");
        Assert.Contains("<h2>Race</h2>", page, StringComparison.Ordinal);
        Assert.Contains("finalist", page, StringComparison.Ordinal);
        // The ranking, which the page fetches from its own endpoint, marks the settings tied with the best.
        string ranking = await http.GetStringAsync($"{app.Urls.Single()}/study/{id}/ranking");
        Assert.Contains("class=\"ties\"", ranking, StringComparison.Ordinal);
    }
}
