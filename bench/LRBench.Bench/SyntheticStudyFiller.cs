using System.Data.Common;
using System.Globalization;
using System.Text;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Optimization;

namespace LRBench.Bench;

/// <summary>
/// A study of N finished trials for the dashboard benchmark, written fast: the study and its trials are registered
/// through the store's API (so every row a reader expects is there), then all trials are finished, with their
/// evaluations and LR traces, by multi-row INSERTs in one transaction on a plain connection. Claiming and finishing
/// 10,000 trials one by one would take most of an hour here and measures the writer, not the dashboard. The change
/// stamps' triggers run on these rows as on any others.
/// </summary>
internal static class SyntheticStudyFiller
{
    public const int Evaluations = 50;
    public const int TracePoints = 500;

    /// <summary><c>fill N FILE</c>: a new SQLite store at <paramref name="file"/> (which must not exist) of <paramref name="trials"/> finished trials.</summary>
    public static int FillFile(int trials, string file)
    {
        if (File.Exists(file)) throw new IOException($"{file} exists: fill writes a new store");
        var data = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });
        Fill("sqlite:" + file, () => new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"), trials, data);
        return 0;
    }

    /// <param name="location">The store (as lrbench takes it).</param>
    /// <param name="connect">A plain connection to the same database.</param>
    /// <param name="trials">How many trials.</param>
    /// <param name="data">The synthetic data set the task is registered with.</param>
    public static void Fill(string location, Func<DbConnection> connect, int trials, DataBundle data)
    {
        long study;
        using (var store = StudyStore.Open(location))
        {
            var task = new TaskDefinition { Data = new DataOptions { Dataset = "synthetic" }, Model = "mlp:8", Optimizer = new OptimizerOptions() };
            var definition = new StudyDefinition
            {
                Name = "scale",
                Task = task,
                Policies = [.. Enumerable.Range(0, trials).Select(i => new PolicyVariant($"FIX {i}", "FIX", PolicySpec.Parse($"FIX(k0={0.0001 * (i + 1)})"), new Dictionary<string, string>(), 0))],
            };
            study = store.Queue.Register(definition, "scale", LRBench.Training.Tasks.ImageClassificationTask.Create(task.Model, data), definition.Trials()).Id;
        }

        using var c = connect();
        c.Open();
        using var tx = c.BeginTransaction();
        var ids = new List<long>();
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT id FROM trials WHERE study_id = {study} ORDER BY ordinal";
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetInt64(0));
        }

        var rng = new Random(0);
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var evaluations = new List<string>();
        var trace = new List<string>();
        for (int k = 0; k < ids.Count; k++)
        {
            long id = ids[k];
            double top = 0.5 + (0.4 * rng.NextDouble());
            string began = start.AddSeconds(10 * k).ToString("O", CultureInfo.InvariantCulture);
            string ended = start.AddSeconds((10 * k) + 10).ToString("O", CultureInfo.InvariantCulture);
            Execute(c, tx, $"UPDATE trials SET status = 'completed', attempts = 1, started_at = '{began}', finished_at = '{ended}', steps = 1000, total_steps = 1000, wall_seconds = 10, compute_seconds = 9, machine = 'bench', versions = 'bench' WHERE id = {id}");
            for (int i = 1; i <= Evaluations; i++)
            {
                double t1 = top * i / Evaluations;
                evaluations.Add(string.Create(CultureInfo.InvariantCulture,
                    $"({id}, {i * 20}, {i}, 0.01, {t1:R}, 0.99, 0.8, 0.1, 0.05, {1.0 / i:R}, {1.0 / i:R}, {t1:R}, {i * 20}, {i * 0.2:R}, {i * 0.18:R}, 0.01)"));
            }

            for (int i = 0; i < TracePoints; i++) trace.Add(string.Create(CultureInfo.InvariantCulture, $"({id}, {i * 2}, 0.01, 0.3)"));
            if (evaluations.Count >= 5000 || k == ids.Count - 1)
            {
                Insert(c, tx, "evaluations (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, train_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds)", evaluations);
                Insert(c, tx, "lr_trace (trial_id, step, lr, loss)", trace);
            }
        }

        tx.Commit();
    }

    private static void Insert(DbConnection c, DbTransaction tx, string into, List<string> rows)
    {
        foreach (var chunk in rows.Chunk(1000))
        {
            Execute(c, tx, new StringBuilder("INSERT INTO ").Append(into).Append(" VALUES ").AppendJoin(", ", chunk).ToString());
        }

        rows.Clear();
    }

    private static void Execute(DbConnection c, DbTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
