using System.Diagnostics;
using LRBench.Studies.Storage;
using LRBench.Training.Data;

namespace LRBench.Bench;

/// <summary>
/// What one poll of the dashboard's curves endpoint reads, piece by piece, on a synthetic SQLite store of N finished
/// trials (<see cref="SyntheticStudyFiller"/>): the study's row, the change question with nothing changed, the tasks,
/// the rungs and the race decisions, each timed 11 times in this process (the first dropped; median and max).
/// </summary>
internal static class PollProfile
{
    public static int Report(int trials)
    {
        var data = DataCatalogue.Load(new DataOptions { Dataset = "synthetic" });
        string dir = Directory.CreateTempSubdirectory("lrbench-poll-profile-").FullName;
        try
        {
            string db = Path.Combine(dir, "poll.db");
            SyntheticStudyFiller.Fill("sqlite:" + db, () => new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"), trials, data);
            using var store = StudyStore.OpenReadOnly(StoreLocation.Parse("sqlite:" + db));
            long id = store.Results.FindStudy("scale")!.Id;
            long cursor = store.Results.Changes(id, null).Cursor;
            Console.WriteLine($"# One curves poll, piece by piece: SQLite, {trials:N0} trials, nothing changed (ms, median / max of 10)");
            Console.WriteLine();
            Console.WriteLine("| piece | ms |");
            Console.WriteLine("|---|---:|");
            Row("study row (Results.Study)", () => store.Results.Study(id));
            Row("changes since the cursor (Results.Changes)", () => store.Results.Changes(id, cursor));
            Row("tasks (Results.Tasks)", () => store.Results.Tasks());
            Row("rungs (Results.RungSteps)", () => store.Results.RungSteps(id));
            Row("race decisions (Results.RaceDecisions)", () => store.Results.RaceDecisions(id));
            Row("the first read: every trial and evaluation (Results.Changes without a cursor)", () => store.Results.Changes(id, null));
            Row("every trial (Results.Trials)", () => store.Results.Trials(id));
            Row("every trial, stored rows through Dapper (no trial value parsed)", () => Count<LRBench.Studies.Storage.StoredTrial>(db,
                $"SELECT * FROM trials WHERE study_id = {id} ORDER BY ordinal"));
            List<string> values;
            using (var valuesConnection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
                values = [.. Dapper.SqlMapper.Query<string>(valuesConnection, $"SELECT trial FROM trials WHERE study_id = {id} ORDER BY ordinal")];
            Row("every trial's stored value parsed (TrialJson.Read)", () => values.Select(LRBench.Studies.Model.Trials.TrialJson.Read).Count());
            Row("every evaluation (Results.Evaluations)", () => store.Results.Evaluations(id));
            Row("every evaluation, the five columns the curves draw", () => Count<LRBench.Studies.Storage.StoredEvaluation>(db,
                $"SELECT trial_id, step, top1, test_loss, task_metric FROM evaluations WHERE trial_id IN (SELECT id FROM trials WHERE study_id = {id}) ORDER BY trial_id, step"));
            Row("every evaluation, raw rows through Dapper", () => Count<dynamic>(db,
                $"SELECT * FROM evaluations WHERE trial_id IN (SELECT id FROM trials WHERE study_id = {id}) ORDER BY trial_id, step"));
            Row("the charts' overview: every trial, its evaluations summed up, the first page's curves (Results.CurveOverview)",
                () => store.Results.CurveOverview(id, LRBench.Studies.Reports.StudyCurves.FirstCurves));
            Console.WriteLine();
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            foreach (string query in new[]
            {
                $"SELECT id FROM trials WHERE study_id = {id} AND change_stamp > {cursor}",
                $"SELECT DISTINCT trial_id FROM evaluations WHERE change_stamp > {cursor}",
                $"SELECT trial_id FROM evaluations WHERE change_stamp > {cursor}",
                $"SELECT e.* FROM evaluations e JOIN trials t ON t.id = e.trial_id WHERE t.study_id = {id} ORDER BY e.trial_id, e.step",
                $"SELECT * FROM evaluations WHERE trial_id IN (SELECT id FROM trials WHERE study_id = {id}) ORDER BY trial_id, step",
                $"SELECT * FROM trials WHERE study_id = {id} ORDER BY ordinal",
            })
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = "EXPLAIN QUERY PLAN " + query;
                using var r = cmd.ExecuteReader();
                var plan = new List<string>();
                while (r.Read()) plan.Add(r.GetString(3));
                var sw = Stopwatch.StartNew();
                using var run = c.CreateCommand();
                run.CommandText = query;
                using (var rows = run.ExecuteReader())
                    while (rows.Read()) { }
                Console.WriteLine($"- `{query}`: {sw.Elapsed.TotalMilliseconds:F1} ms; plan: {string.Join("; ", plan)}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    /// <summary>The rows a query gives through Dapper, on a read-only connection of its own that is closed afterwards.</summary>
    private static int Count<T>(string db, string sql)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        return Dapper.SqlMapper.Query<T>(c, sql).Count();
    }

    private static void Row(string name, Func<object?> read)
    {
        var ms = new List<double>();
        for (int i = 0; i < 11; i++)
        {
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(read());
            if (i > 0) ms.Add(sw.Elapsed.TotalMilliseconds);
        }

        ms.Sort();
        Console.WriteLine($"| {name} | {ms[ms.Count / 2]:F1} / {ms[^1]:F1} |");
    }
}
