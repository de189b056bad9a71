using System.Data.Common;
using System.Text.Json;
using Dapper;
using LRBench.Schedules;
using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Storage;

/// <summary>
/// Migration 4's data step: stores written by LRBench 0.1.0 have trial rows without their value. It is rebuilt from
/// what those rows hold (key, label, spec, parameters, method, seed, curve) and the stored study's task, once, and
/// each rebuilt value must hash to the row's key, so that resumed trials find their checkpoints. A study whose stored
/// definition no longer reads stops the upgrade with its name; the transaction leaves the store as it was.
/// </summary>
internal static class LegacyTrials
{
    public const int Version = 4;

    public static void Backfill(DbConnection c, DbTransaction tx, string store, Func<string, string, StudyDefinition>? readStudy)
    {
        foreach (var study in c.Query<StoredStudy>("SELECT * FROM studies ORDER BY id", transaction: tx).ToList())
        {
            StudyDefinition definition;
            try
            {
                // The study language lives above the store: whoever opens an old store lends its parser.
                if (readStudy is null)
                    throw new StoreException($"{store} was written by LRBench 0.1.0 and must be upgraded: open it with the lrbench tool once, or pass StudyParser.ParseStored to StudyStore.Open");
                definition = readStudy(study.Definition, study.SourcePath ?? study.Name);
            }
            catch (StudyFileException e)
            {
                throw new StoreException($"{store}: cannot upgrade study '{study.Name}': its stored definition does not read ({e.Message})", e);
            }

            c.Execute("UPDATE studies SET kind = @kind, tradeoff = @tradeoff WHERE id = @id", new
            {
                kind = definition.Tradeoff is null ? StudyKinds.Policies : StudyKinds.Tradeoff,
                tradeoff = definition.Tradeoff is null ? null : JsonSerializer.Serialize(definition.Tradeoff),
                id = study.Id,
            }, tx);

            var rows = c.Query<StoredTrial>("SELECT * FROM trials WHERE study_id = @id AND trial IS NULL ORDER BY ordinal", new { id = study.Id }, tx).ToList();
            var trunks = rows.Where(r => r.Curve is not null).Select(r => (Row: r, Role: Role(r, store)))
                .Where(x => x.Role.Curve == CurveKind.Trunk).ToDictionary(x => (x.Row.Method, x.Row.Seed), x => x.Row.TrialKey);
            foreach (var row in rows)
            {
                var trial = Rebuild(row, definition.Task, trunks, store);
                c.Execute("UPDATE trials SET trial = @trial WHERE id = @id", new { trial = TrialJson.Write(trial), id = row.Id }, tx);
            }
        }
    }

    private static Trial Rebuild(StoredTrial row, TaskDefinition task, Dictionary<(string, long), string> trunks, string store)
    {
        try
        {
            var policy = PolicySpec.ParseAny(row.PolicySpec);
            var method = new MethodSet(row.Method, row.LabelSmoothing, row.Mixup);
            var curve = row.Curve is null ? null : Role(row, store);
            var trial = new Trial
            {
                Key = row.TrialKey,
                Label = row.Label,
                Function = row.PolicyFunction,
                Parameters = row.ParameterMap(),
                Method = method,
                Training = Trial.WithCurve(task.Options(policy, method, row.Seed), curve),
                Curve = curve,
                TrunkKey = curve?.Curve == CurveKind.Fork ? trunks.GetValueOrDefault((row.Method, row.Seed)) : null,
            };
            string key = Trial.KeyOf(policy, method, row.Seed, curve);
            if (key != row.TrialKey) throw new InvalidDataException($"what it trains hashes to {key}, not to its key");
            return trial;
        }
        catch (Exception e) when (e is SpecException or JsonException or InvalidDataException)
        {
            throw new StoreException($"{store}: cannot upgrade trial {row.Id} ({row.TrialKey}): {e.Message}", e);
        }
    }

    private static CurveRole Role(StoredTrial row, string store) =>
        JsonSerializer.Deserialize<CurveRole>(row.Curve!) ?? throw new StoreException($"{store}: trial {row.Id} has an empty curve role");
}
