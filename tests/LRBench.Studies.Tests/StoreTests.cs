using LRBench.Schedules;
using LRBench.Studies.Definition;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Settings;

namespace LRBench.Studies.Tests;

/// <summary>The same storage tests against a SQLite file and a real PostgreSQL server.</summary>
[Collection("postgres")]
public sealed class StoreTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private StudyStore Open(string kind) => StudyStore.Open(NewLocation(kind));

    /// <summary>A new, empty store of the kind: a SQLite file in this test's folder, or a new PostgreSQL database.</summary>
    private string NewLocation(string kind) => TestStores.Location(kind, _dir, postgres);

    private static StudyDefinition Study() => StudyParser.Parse(
        """
        name: store-test
        task: {dataset: synthetic, model: "mlp:8", budget: 2ep}
        seeds: [0, 1]
        policies: ["FIX(k0=0.1)", "EXP(k0=0.1, gamma=0.99)"]
        """, "store-test.yaml");

    private static readonly LRBench.Training.Tasks.TrainingTask Data = LRBench.Training.Tasks.ImageClassificationTask.Create(Study().Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));

    private static (StudyRow Study, IReadOnlyList<TrialRow> Trials) Register(StudyStore store)
    {
        var study = Study();
        var row = store.Queue.Register(study, "definition", Data, study.Trials());
        return (row, store.Results.Trials(row.Id));
    }

    private static TrainingResult Result(TrialRow trial, params double[] top1)
    {
        var evals = top1.Select((t, i) => new EvaluationPoint
        {
            Step = (i + 1) * 10,
            Epoch = i + 1,
            LearningRate = 0.1,
            Metrics = new ClassificationMetrics(100, t, 1, 0.8, 0.1, 0.05, 0.5),
            TrainLoss = i == 0 ? double.NaN : 0.4,
            BestTop1 = top1.Take(i + 1).Max(),
            BestTop1Step = 10,
            WallSeconds = i + 1,
        }).ToList();
        return new TrainingResult
        {
            Plan = new TrainingPlan("synthetic", "mlp:8", 1, 100, 100, "test", 10, 10, top1.Length * 10, 10, 0, LRBench.Schedules.Specs.SpecFormatter.ToText(trial.Trial.Policy)),
            Status = RunStatus.Completed,
            Steps = top1.Length * 10,
            Evaluations = evals,
            Trace = [new TracePoint(0, 0.1, 2.3), new TracePoint(5, 0.1, double.NaN)],
        };
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void An_empty_database_is_migrated_once_and_reopening_changes_nothing(string kind)
    {
        string location = NewLocation(kind);
        using (var store = StudyStore.Open(location))
        {
            Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], store.AppliedMigrations());
            Register(store);
        }

        using var again = StudyStore.Open(location);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], again.AppliedMigrations());
        Assert.Single(again.Results.Studies());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_trial_abandoned_max_attempts_times_is_marked_failed_and_the_next_one_claimed(string kind)
    {
        using var store = Open(kind);
        var (row, _) = Register(store);
        var first = store.Queue.Claim(row.Id, "a:1:x", TimeSpan.FromMilliseconds(1), maxAttempts: 2)!;
        Thread.Sleep(20);
        var second = store.Queue.Claim(row.Id, "b:2:y", TimeSpan.FromMilliseconds(1), maxAttempts: 2)!;
        Assert.Equal(first.Trial.Id, second.Trial.Id); // the expired lease was taken over
        Assert.Equal(2, second.Attempt);
        Thread.Sleep(20);
        var third = store.Queue.Claim(row.Id, "c:3:z", TimeSpan.FromMinutes(1), maxAttempts: 2)!;
        Assert.NotEqual(first.Trial.Id, third.Trial.Id);
        var failed = store.Results.Trials(row.Id).Single(t => t.Id == first.Trial.Id);
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.Contains("abandoned 2 times (last worker b:2:y)", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_written_by_the_previous_schema_is_upgraded_in_place_keeping_its_trials()
    {
        string path = Path.Combine(_dir, "old.db");
        using (var store = StudyStore.Open($"sqlite:{path}"))
            Register(store);

        // Turn it back into a version-1 store, as a user who ran an earlier LRBench has on disk.
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "ALTER TABLE trials DROP COLUMN policy_events; DELETE FROM schema_migrations WHERE version = 2;";
            cmd.ExecuteNonQuery();
        }

        using var upgraded = StudyStore.Open($"sqlite:{path}");
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], upgraded.AppliedMigrations());
        var study = Assert.Single(upgraded.Results.Studies());
        var trials = upgraded.Results.Trials(study.Id);
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Null(t.PolicyEvents));
        Assert.All(trials, t => Assert.Null(t.Curve)); // a policy study's trials have no tradeoff curve
        Assert.Empty(upgraded.Results.Ensembles(study.Id));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Registering_is_idempotent_and_a_changed_definition_is_refused(string kind)
    {
        using var store = Open(kind);
        var (row, trials) = Register(store);
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Pending, t.Status));
        var (again, trialsAgain) = Register(store);
        Assert.Equal(row.Id, again.Id);
        Assert.Equal(trials.Select(t => t.Id), trialsAgain.Select(t => t.Id));
        var e = Assert.Throws<StudyConflictException>(() => store.Queue.Register(Study(), "another definition", Data, Study().Trials()));
        Assert.Contains("different definition", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Claims_hand_out_each_trial_once_and_stale_attempts_cannot_write(string kind)
    {
        using var store = Open(kind);
        var (row, trials) = Register(store);
        var lease = TimeSpan.FromMinutes(1);
        var claims = Enumerable.Range(0, 4).Select(_ => store.Queue.Claim(row.Id, "w1", lease)!).ToList();
        Assert.Equal(trials.Select(t => t.Id).Order(), claims.Select(c => c.Trial.Id).Order());
        Assert.Null(store.Queue.Claim(row.Id, "w2", lease)); // all taken, leases valid

        // Worker w1 is presumed dead for trial 0: w2 takes it over as attempt 2.
        var takeover = store.Queue.Claim(row.Id, "w2", lease, t => t.Id == claims[0].Trial.Id)!;
        Assert.Equal(claims[0].Trial.Id, takeover.Trial.Id);
        Assert.Equal(2, takeover.Attempt);
        Assert.False(store.Queue.Heartbeat(claims[0], lease), "the old attempt's heartbeat is refused");
        Assert.False(store.Queue.Finish(claims[0], Result(claims[0].Trial, 0.5), "m", "v"), "the old attempt's late write is refused");
        Assert.Empty(store.Results.Evaluations(row.Id));

        Assert.True(store.Queue.Finish(takeover, Result(takeover.Trial, 0.5, 0.7), "m", "v"));
        var evals = store.Results.Evaluations(row.Id);
        Assert.Equal(2, evals.Count);
        Assert.Null(evals[0].TrainLoss); // NaN is stored as missing, in both databases
        Assert.Equal(0.7, evals[1].Top1);
        // The trace goes in as one statement on PostgreSQL and row by row on SQLite: the same rows either way.
        Assert.Equal([(0L, 0.1, (double?)2.3), (5L, 0.1, null)], store.Results.Trace(row.Id).Select(t => (t.Step, t.Lr, t.Loss)));
        var done = store.Results.Trials(row.Id).Single(t => t.Id == takeover.Trial.Id);
        Assert.Equal(TrialStatus.Completed, done.Status);
        Assert.Equal(2, done.Attempts);
        Assert.False(store.Queue.Finish(takeover, Result(takeover.Trial, 0.9), "m", "v"), "a finished trial is written once");
        Assert.Equal(2, store.Results.Evaluations(row.Id).Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void An_expired_lease_frees_the_trial_and_failures_are_retried_then_recorded(string kind)
    {
        using var store = Open(kind);
        var (row, _) = Register(store);
        var first = store.Queue.Claim(row.Id, "w1", TimeSpan.FromMilliseconds(1))!;
        Thread.Sleep(20);
        var second = store.Queue.Claim(row.Id, "w2", TimeSpan.FromMinutes(1))!;
        Assert.Equal(first.Trial.Id, second.Trial.Id); // the expired trial comes first again (lowest ordinal)

        store.Queue.Fail(second, "boom", maxFailures: 2);
        var retry = store.Queue.Claim(row.Id, "w2", TimeSpan.FromMinutes(1))!;
        Assert.Equal(first.Trial.Id, retry.Trial.Id);
        Assert.Equal("boom", store.Results.Trial(retry.Trial.Id)!.Error); // a new attempt keeps the last failure's reason
        store.Queue.Fail(retry, "boom again", maxFailures: 2);
        var failed = store.Results.Trials(row.Id).Single(t => t.Id == first.Trial.Id);
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.Equal("boom again", failed.Error);
        Assert.Equal(2, failed.Failures);

        var other = store.Queue.Claim(row.Id, "w2", TimeSpan.FromMinutes(1))!;
        store.Queue.Release(other);
        Assert.Equal(TrialStatus.Pending, store.Results.Trials(row.Id).Single(t => t.Id == other.Trial.Id).Status);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Concurrent_claimers_never_share_a_trial(string kind)
    {
        using var store = Open(kind);
        var (row, trials) = Register(store);
        var got = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 8, i =>
        {
            while (store.Queue.Claim(row.Id, $"w{i}", TimeSpan.FromMinutes(1)) is { } c) got.Add(c.Trial.Id);
        });
        Assert.Equal(trials.Select(t => t.Id).Order(), got.Order());
    }

    [Fact]
    public void Store_locations_parse_and_bad_ones_say_what_is_allowed()
    {
        Assert.Equal(StoreKind.Sqlite, StoreLocation.Parse("sqlite:x.db").Kind);
        Assert.Equal(StoreKind.Sqlite, StoreLocation.Parse("results.db").Kind);
        var pg = StoreLocation.Parse("postgresql://alice:secret@127.0.0.1:5544/lr?Timeout=5");
        Assert.Equal(StoreKind.Postgres, pg.Kind);
        Assert.Contains("Port=5544", pg.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Database=lr", pg.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("postgresql://alice@127.0.0.1:5544/lr", pg.Display);
        var e = Assert.Throws<ArgumentException>(() => StoreLocation.Parse("mysql://x"));
        Assert.Contains("sqlite:PATH", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://u:PW@h:1/db", "postgresql://u:***@h:1/db")]
    [InlineData("'postgresql:/u:PW@h:1/db' is not a store", "'postgresql:/u:***@h:1/db' is not a store")]
    [InlineData("postgresql//u:PW@h/db", "postgresql//u:***@h/db")]
    [InlineData("sqlite:postgresql://u:PW@h/db", "sqlite:postgresql://u:***@h/db")]
    [InlineData("postgresql:u:PW@h", "postgresql:***@h")]
    [InlineData("u:PW@h", "u:***@h")]
    [InlineData("postgresql://u:P/W:x@y@h/db", "postgresql://u:***@h/db")]
    [InlineData("Host=h;Password=PW;Database=d", "Host=h;Password=***;Database=d")]
    [InlineData("mail alice@example.com or postgresql://u@h/db", "mail alice@example.com or postgresql://u@h/db")]
    [InlineData("worker host:12:ab", "worker host:12:ab")]
    public void Redaction_masks_whatever_follows_the_user_in_anything_shaped_like_user_password_at(string text, string expected) =>
        Assert.Equal(expected, StoreLocation.Redact(text));

    [Theory]
    [InlineData("sqlite:postgresql://u:PW@h/db")]
    [InlineData("postgresql:/u:PW@127.0.0.1:1/lrb.db")]
    [InlineData("sqlite:u:PW@h/x.db")]
    public void No_sqlite_path_is_made_from_text_that_looks_like_a_url_or_a_password(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => StoreLocation.Parse(text));
        Assert.DoesNotContain("PW", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a file path", e.Message, StringComparison.Ordinal);
    }
}
