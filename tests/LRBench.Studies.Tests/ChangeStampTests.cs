using System.Data.Common;
using LRBench.Studies.Definition;
using LRBench.Studies.Storage;
using LRBench.Training.Data;

namespace LRBench.Studies.Tests;

/// <summary>
/// Reading only what changed (<see cref="ResultsReader.Changes"/>), against SQLite and a real PostgreSQL server: the
/// first read holds every trial, a read with its cursor holds nothing when nothing was written, and every write after
/// the cursor (a claim, an evaluation, a write by hand) makes its trial come back. The case that decides whether a
/// live display can miss a change: a transaction that wrote before a read but committed after it. Its trial must come
/// with the next read, on PostgreSQL where writers commit in any order as on SQLite where they take turns.
/// </summary>
[Collection("postgres")]
public sealed class ChangeStampTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-changes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (StudyStore Store, Func<DbConnection> Raw) Open(string kind)
    {
        string location = TestStores.Location(kind, _dir, postgres);
        return (StudyStore.Open(location), () => TestStores.Raw(location));
    }

    private static long Register(StudyStore store)
    {
        var study = StudyParser.Parse(
            """
            name: changes
            task: {dataset: synthetic, model: "mlp:8", budget: 20ba, evaluate_every: 10ba}
            policies:
              - policy: FIX
                grid: {k0: [0.01, 0.02, 0.03]}
            """, "changes.yaml");
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        return store.Queue.Register(study, "text", data, study.Trials()).Id;
    }

    private const string InsertEvaluation = """
        INSERT INTO evaluations (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds)
        VALUES ({0}, {1}, 0.5, 0.01, 0.5, 0.9, 0.5, 0.1, 0.1, 0.5, {1}, 1, 1, 0.1)
        """;

    private static void Execute(DbConnection c, DbTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_read_with_the_cursor_holds_exactly_the_trials_written_since(string kind)
    {
        var (store, _) = Open(kind);
        using var _store = store;
        long study = Register(store);

        var first = store.Results.Changes(study, null);
        Assert.True(first.Full);
        Assert.Equal(3, first.Trials.Count);
        Assert.Empty(store.Results.Changes(study, first.Cursor).Trials); // nothing written since

        // A claim changes its trial; only that one comes back, and once read, it does not come again.
        var claim = store.Queue.Claim(study, "w1", TimeSpan.FromMinutes(5))!;
        var afterClaim = store.Results.Changes(study, first.Cursor);
        Assert.Equal([claim.Trial.Id], afterClaim.Trials.Select(t => t.Id));
        Assert.Equal(Model.Trials.TrialStatus.Running, afterClaim.Trials[0].Status);
        Assert.Empty(store.Results.Changes(study, afterClaim.Cursor).Trials);

        // Heartbeats stamp too (the lease is part of what a display shows).
        Assert.True(store.Queue.Heartbeat(claim, TimeSpan.FromMinutes(5)));
        var afterBeat = store.Results.Changes(study, afterClaim.Cursor);
        Assert.Equal([claim.Trial.Id], afterBeat.Trials.Select(t => t.Id));
        Assert.Empty(afterBeat.Evaluations);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void An_evaluation_committed_after_a_read_comes_with_the_next_read_even_when_written_before_it(string kind)
    {
        var (store, raw) = Open(kind);
        using var _store = store;
        long study = Register(store);
        var ids = store.Results.Trials(study).Select(t => t.Id).ToList();
        long cursor = store.Results.Changes(study, null).Cursor;

        // A plain evaluation, committed: its trial comes back with the evaluation.
        using (var c = raw())
        {
            c.Open();
            Execute(c, null, string.Format(System.Globalization.CultureInfo.InvariantCulture, InsertEvaluation, ids[0], 10));
        }

        var one = store.Results.Changes(study, cursor);
        Assert.Equal([ids[0]], one.Trials.Select(t => t.Id));
        Assert.Equal([10L], one.Evaluations.Select(e => e.Step));
        // The charts' read: the same trials and cursor, each evaluation with what a chart draws and nothing else.
        foreach (long? from in new long?[] { null, cursor })
        {
            var full = store.Results.Changes(study, from);
            var curve = store.Results.CurveChanges(study, from);
            Assert.Equal(full.Cursor, curve.Cursor);
            Assert.Equal(full.Trials.Select(t => t.Id), curve.Trials.Select(t => t.Id));
            Assert.Equal(full.Evaluations.Select(e => (e.TrialId, e.Step, e.Top1, e.TestLoss, e.TaskMetric)), curve.Evaluations.Select(e => (e.TrialId, e.Step, e.Top1, e.TestLoss, e.TaskMetric)));
            Assert.All(curve.Evaluations, e => Assert.True(double.IsNaN(e.Top5) && e.Lr == 0, "a curve read holds only the charts' columns"));
        }

        cursor = one.Cursor;

        // A writer inserts an evaluation of trial 2 and, before it commits, a reader reads: the reader cannot see it.
        // On SQLite the writer holds the write lock, so the reader's snapshot is from before; on PostgreSQL the
        // reader's snapshot simply does not include the open transaction.
        using var writer = raw();
        writer.Open();
        using (var tx = writer.BeginTransaction())
        {
            Execute(writer, tx, string.Format(System.Globalization.CultureInfo.InvariantCulture, InsertEvaluation, ids[1], 10));
            var during = store.Results.Changes(study, cursor);
            Assert.Empty(during.Trials);
            cursor = during.Cursor; // the display moves on with this cursor
            tx.Commit();
        }

        // The next read holds it.
        var after = store.Results.Changes(study, cursor);
        Assert.Contains(ids[1], after.Trials.Select(t => t.Id));
        Assert.Contains(after.Evaluations, e => e.TrialId == ids[1] && e.Step == 10);
    }
}
