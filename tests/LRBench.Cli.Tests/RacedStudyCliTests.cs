using LRBench.Cli.Dashboard;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Tests;

/// <summary>
/// The shipped synthetic race end to end: `study run` races it to its finalists, `study status` shows every round,
/// `study rank` marks the ties, and the dashboard's study page shows the race from the store alone; a race killed
/// with SIGKILL between rounds keeps the decisions it recorded and ends as a race nobody killed.
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

    [Fact]
    public void A_race_killed_with_SIGKILL_after_its_first_round_keeps_its_decisions_and_ends_as_an_unkilled_race()
    {
        string reference = "sqlite:" + Path.Combine(_dir, "reference.db");
        var (code, output, err) = Cli.Run("study", "run", Example, "--store", reference, "--out", Path.Combine(_dir, "reference"), "--parallel", "1");
        Assert.True(code == 0, err + output);

        string db = Path.Combine(_dir, "killed.db");
        Cli.KillWhen(() => BetweenRounds(db), "the race's first round", TimeSpan.FromMinutes(2), "study", "run", Example, "--store", "sqlite:" + db, "--out", Path.Combine(_dir, "killed"), "--parallel", "1");

        var before = Decisions("sqlite:" + db);
        Assert.NotEmpty(before);
        Assert.DoesNotContain(before, d => d.Decision == RaceDecision.Finalist);

        (code, output, err) = Cli.Run("study", "run", Example, "--store", "sqlite:" + db, "--out", Path.Combine(_dir, "killed"), "--parallel", "1");
        Assert.True(code == 0, err + output);
        var after = Decisions("sqlite:" + db);

        // What the killed run decided stays as it was, by the worker that decided it: nothing was judged twice.
        foreach (var d in before) Assert.Equal(d, after.Single(a => a.Round == d.Round && a.Setting == d.Setting));
        Assert.Contains(after, d => d.Worker != before[0].Worker);
        // And the race ends as the one nobody killed: the same rounds, settings, decisions and statistics.
        Assert.Equal(Summary(Decisions(reference)), Summary(after));
        using var s = StudyStore.OpenReadOnly(StoreLocation.Parse("sqlite:" + db));
        var trials = s.Results.Trials(s.Results.FindStudy("synthetic-race")!.Id);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(trials.Count, trials.Select(t => (t.Trial.SettingKey, t.Seed)).Distinct().Count());

        static List<string> Summary(IReadOnlyList<RaceDecisionRow> rows) =>
            [.. rows.Select(d => $"{d.Round} {d.Label} {d.Seeds} {d.Decision} {d.MeanScore:R} {d.Statistic:G10} {d.PValue:G10}")];
    }

    private static IReadOnlyList<RaceDecisionRow> Decisions(string store)
    {
        using var s = StudyStore.OpenReadOnly(StoreLocation.Parse(store));
        return s.Results.RaceDecisions(s.Results.FindStudy("synthetic-race")!.Id);
    }

    /// <summary>The first round is judged and the race is not over: the kill lands in a later round.</summary>
    private static bool BetweenRounds(string db)
    {
        if (!File.Exists(db)) return false;
        try
        {
            using var s = StudyStore.OpenReadOnly(StoreLocation.Parse("sqlite:" + db));
            if (s.Results.FindStudy("synthetic-race") is not { } study) return false;
            var decisions = s.Results.RaceDecisions(study.Id);
            return decisions.Count > 0 && decisions.All(d => d.Decision != RaceDecision.Finalist);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or StoreException)
        {
            return false;
        }
    }
}
