using System.Data.Common;
using System.Globalization;
using Dapper;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Reports;
using LRBench.Studies.Storage;
using LRBench.Training.Data;

namespace LRBench.Studies.Tests;

/// <summary>
/// A large study's first read for the charts (<see cref="ResultsReader.CurveOverview"/>), on SQLite and a real
/// PostgreSQL server: the summaries the database computes equal <see cref="EvaluationSummary.Of"/> over the same
/// evaluations, NaN and infinite values included; the overview's rows, results and early stops equal those of the
/// full read; and the trials it sends curves of are the table's first page and the running ones.
/// </summary>
[Collection("postgres")]
public sealed class CurveOverviewTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-overview-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (StudyStore Store, Func<DbConnection> Raw) Open(string kind)
    {
        string location = TestStores.Location(kind, _dir, postgres);
        return (StudyStore.Open(location), () => TestStores.Raw(location));
    }

    private static long Register(StudyStore store, int settings)
    {
        string values = string.Join(", ", Enumerable.Range(1, settings).Select(i => (i / 10000.0).ToString(CultureInfo.InvariantCulture)));
        var study = StudyParser.Parse(
            $$"""
            name: overview
            task: {dataset: synthetic, model: "mlp:8", budget: 40ba, evaluate_every: 10ba}
            policies:
              - policy: FIX
                grid: {k0: [{{values}}]}
            """, "overview.yaml");
        var data = LRBench.Training.Tasks.ImageClassificationTask.Create(study.Task.Model, DataCatalogue.Load(new DataOptions { Dataset = "synthetic" }));
        return store.Queue.Register(study, "text", data, study.Trials()).Id;
    }

    // SQLite's driver refuses to bind NaN (SQLite would store NULL): NaN goes in as NULL there, and as NaN into PostgreSQL.
    private static void Insert(DbConnection c, DbTransaction? tx, long trial, long step, double? top1, double? loss, double? metric)
    {
        double? Bound(double? v) => v is double d && double.IsNaN(d) && c is Microsoft.Data.Sqlite.SqliteConnection ? null : v;
        (top1, loss, metric) = (Bound(top1), Bound(loss), Bound(metric));
        c.Execute(
            """
            INSERT INTO evaluations (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds, task_metric)
            VALUES (@trial, @step, 0.5, 0.01, @top1, 0.9, 0.5, 0.1, 0.1, @loss, 0.5, @step, 1, 1, 0.1, @metric)
            """, new { trial, step, top1, loss, metric }, tx);
    }

    private static void SetStatus(DbConnection c, long trial, string status) =>
        c.Execute("UPDATE trials SET status = @status, finished_at = '2026-12-07T06:00:00Z', compute_seconds = 2 WHERE id = @trial", new { status, trial });

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void The_databases_summaries_and_the_overviews_rows_equal_those_of_the_full_read(string kind)
    {
        var (store, raw) = Open(kind);
        using var _store = store;
        long study = Register(store, 3);
        var ids = store.Results.Trials(study).Select(t => t.Id).ToList();
        using (var c = raw())
        {
            c.Open();
            // Trial 1 completed; its best top-1 comes after a NaN, its lowest loss after an infinite one.
            Insert(c, null, ids[0], 10, 0.5, 1.0, null);
            Insert(c, null, ids[0], 20, double.NaN, double.PositiveInfinity, null);
            Insert(c, null, ids[0], 30, 0.7, 0.4, null);
            SetStatus(c, ids[0], "completed");
            // Trial 2 pruned, with task metrics (one of them -inf) and a NaN loss; trial 3 never evaluated.
            Insert(c, null, ids[1], 10, 0.3, double.NaN, 2.5);
            Insert(c, null, ids[1], 20, 0.2, 0.9, double.NegativeInfinity);
            SetStatus(c, ids[1], "pruned");
        }

        var full = store.Results.CurveChanges(study, null);
        var overview = store.Results.CurveOverview(study, (_, _) => []);
        Assert.Empty(overview.Evaluations);
        Assert.Equal(full.Cursor, overview.Cursor);
        var expected = full.Evaluations.GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => EvaluationSummary.Of(g.Key, [.. g]));
        Assert.Equal(expected.OrderBy(p => p.Key), overview.Summaries!.OrderBy(p => p.Key));
        Assert.Equal(new EvaluationSummary(ids[0], 3, 30, 0.7, 0.4, null, null), overview.Summaries![ids[0]]); // the closed form, by hand
        Assert.Equal(new EvaluationSummary(ids[1], 2, 20, 0.3, 0.9, 2.5, 2.5), overview.Summaries![ids[1]]);

        var row = store.Results.Study(study)!;
        var steps = store.Results.Tasks().ToDictionary(t => t.Id, t => t.StepsPerEpoch);
        StudyCurves.Payload Shape(StudyChanges changes) => StudyCurves.Of(row, changes, [], [], [], steps, StudyCharts.Label);
        var all = Shape(full);
        var some = Shape(overview);
        Assert.Equal(all.Trials.Select(t => (t.Id, t.Best, t.Result, t.Stop, t.Evaluated, t.Row)), some.Trials.Select(t => (t.Id, t.Best, t.Result, t.Stop, t.Evaluated, t.Row)));
        Assert.Equal([70.0, null, null], all.Trials.Select(t => t.Result));
        Assert.Equal("pruned at step 20", all.Trials[1].Stop);
        // Without its evaluations a trial's curve is not sent (null); a trial that has none has an empty one.
        Assert.Equal([true, true, false], some.Trials.Select(t => t.Steps is null));
        Assert.Empty(some.Trials[2].Steps!);

        // Asking for every curve, or for one trial's, gives the full read's curves.
        var every = Shape(store.Results.CurveOverview(study, (_, summaries) => summaries.Keys));
        Assert.Equal(all.Trials.Select(t => (t.Steps, t.Score, t.Loss)), every.Trials.Select(t => (t.Steps, t.Score, t.Loss)), new CurveComparer());
        var one = Shape(store.Results.CurvesOfTrials(study, [ids[1], 999_999]));
        Assert.False(one.Full);
        Assert.Equal(ids[1], Assert.Single(one.Trials).Id); // an id that is not the study's is left out
        Assert.Equal(all.Trials[1].Score, one.Trials[0].Score);
        Assert.Equal([10L, 20L], one.Trials[0].Steps!);
    }

    [Fact]
    public void A_study_of_more_evaluated_trials_than_the_limit_sends_the_curves_of_the_tables_first_page_and_the_running_trials()
    {
        var (store, raw) = Open("sqlite");
        using var _store = store;
        long study = Register(store, StudyCurves.CurveLimit + 100);
        var trials = store.Results.Trials(study);
        using (var c = raw())
        {
            c.Open();
            using var tx = c.BeginTransaction();
            foreach (var t in trials) Insert(c, tx, t.Id, 10, 0.5, 1.0, null);
            tx.Commit();
        }

        using (var c = raw())
        {
            c.Open();
            c.Execute("UPDATE trials SET status = 'running' WHERE study_id = @study AND ordinal IN (300, 550)", new { study });
        }

        var overview = store.Results.CurveOverview(study, StudyCurves.FirstCurves);
        var sent = overview.Evaluations.Select(e => e.TrialId).ToHashSet();
        var expected = trials.Where(t => t.Ordinal < StudyCurves.TablePage || t.Ordinal is 300 or 550).Select(t => t.Id).ToHashSet();
        Assert.Equal(StudyCurves.TablePage + 2, expected.Count);
        Assert.Equal(expected, sent);
        Assert.Equal(trials.Count, overview.Summaries!.Count);

        // At the limit or below, every curve is sent.
        var few = overview.Summaries.Take(StudyCurves.CurveLimit).ToDictionary();
        Assert.Equal(few.Keys.Order(), StudyCurves.FirstCurves(trials, few).Order());
    }

    /// <summary>Curves compared point by point (lists compare by reference otherwise).</summary>
    private sealed class CurveComparer : IEqualityComparer<(IReadOnlyList<long>? Steps, IReadOnlyList<double?>? Score, IReadOnlyList<double?>? Loss)>
    {
        public bool Equals((IReadOnlyList<long>? Steps, IReadOnlyList<double?>? Score, IReadOnlyList<double?>? Loss) a, (IReadOnlyList<long>? Steps, IReadOnlyList<double?>? Score, IReadOnlyList<double?>? Loss) b) =>
            a.Steps!.SequenceEqual(b.Steps!) && a.Score!.SequenceEqual(b.Score!) && a.Loss!.SequenceEqual(b.Loss!);

        public int GetHashCode((IReadOnlyList<long>? Steps, IReadOnlyList<double?>? Score, IReadOnlyList<double?>? Loss) obj) => obj.Steps?.Count ?? 0;
    }
}
