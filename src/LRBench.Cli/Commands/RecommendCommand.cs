using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Knowledge;
using LRBench.Cli.Services;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Reports;
using LRBench.Training.Data;
using LRBench.Training.Tasks;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench recommend</c>: policies for a new task from the knowledge base that ships with the tool and the user's
/// own stores, with the records each rests on; <c>--study-out</c> writes the study that confirms or overturns them.
/// </summary>
internal static class RecommendCommand
{
    public static Command Build(CliContext ctx)
    {
        var dataset = new Option<string>("--dataset") { Description = $"The new task's data set: {string.Join(", ", DataCatalogue.Names)}", DefaultValueFactory = _ => "fashion-mnist" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder holding the data set's files" };
        var model = new Option<string>("--model") { Description = "The new task's model", Required = true };
        var optimizer = new Option<string?>("--optimizer") { Description = "The optimizer you will train with (compared with the records; default for --study-out: the closest record's)" };
        var batch = new Option<int?>("--batch") { Description = "Your batch size (compared with the records; default for --study-out: the closest record's)" };
        var budget = new Option<string?>("--budget") { Description = "Your budget, e.g. 5ep or 2000ba (compared with the records; default for --study-out: the closest record's)" };
        var stores = StoreOption.CreateMany("Your own stores to learn from as well (repeat the option): sqlite:PATH or postgresql://user@host:port/database");
        var noKnowledge = new Option<bool>("--no-knowledge") { Description = "Leave out the knowledge base that ships with lrbench (`lrbench knowledge show` lists it)" };
        var knowledge = new Option<string?>("--knowledge") { Description = "Another knowledge folder instead of the shipped one (from lrbench knowledge build)" };
        var top = new Option<int>("--top") { Description = "How many policies to recommend", DefaultValueFactory = _ => 5 };
        var studyOut = new Option<string?>("--study-out") { Description = "Write a ready-to-run study file of the recommendations (LRs from the records where they are of this task, else from a range test)" };
        var cmd = new Command("recommend", "Recommend policies and LR ranges for a task from the shipped knowledge base and your stores, with the evidence.")
            { dataset, dataDir, model, optimizer, batch, budget, stores, noKnowledge, knowledge, top, studyOut };
        cmd.SetAction(r =>
        {
            string modelName = r.GetValue(model)!;
            string? outFile = r.GetValue(studyOut);
            if (outFile is not null && File.Exists(outFile)) throw new UserInputException($"{outFile} exists; --study-out writes a new file (delete it or choose another name)");
            if (r.GetValue(budget) is string b && !(LRBench.Schedules.Duration.TryParse(b, out var d) && d.Unit != LRBench.Schedules.TimeUnit.FractionOfRun))
                throw new UserInputException($"--budget: '{b}' is not a budget; write epochs (5ep) or steps (2000ba)");
            if (r.GetValue(batch) is int bs && bs < 1) throw new UserInputException($"--batch must be at least 1, got {bs}");
            var dataOptions = new DataOptions { Dataset = r.GetValue(dataset)!, DataDirectory = r.GetValue(dataDir) };
            TaskRow wanted;
            try
            {
                var data = BuiltInTasks.Create(dataOptions, modelName);
                wanted = TaskRow.Describe(modelName, TaskDefinition.FamilyOf(modelName), r.GetValue(optimizer) ?? "", r.GetValue(batch) ?? 0, r.GetValue(budget) ?? "", data);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException(e.Message);
            }

            var sources = new List<(string Label, LRBench.Studies.Storage.StoreLocation Location)>();
            if (!r.GetValue(noKnowledge))
            {
                string folder = r.GetValue(knowledge) ?? KnowledgeBase.ShippedDirectory;
                var kb = KnowledgeBase.Open(folder);
                if (kb is null && r.GetValue(knowledge) is not null) throw new UserInputException($"no knowledge base in {folder} (no {KnowledgeBase.ManifestFile})");
                if (kb is { } k) sources.AddRange(k.Stores.Select(s => ("knowledge: " + s.Entry.File, s.Location)));
            }

            sources.AddRange(r.GetValue(stores)!.Select(s => (s.Display, s)));
            if (sources.Count == 0) throw new UserInputException("nothing to recommend from: give --store, or leave out --no-knowledge to use the knowledge base that ships with lrbench");

            var found = new List<(string Store, RecommendationResult Result)>();
            foreach (var (label, location) in sources)
            {
                using var s = StoreAccess.OpenStore(location, mustExist: true, readOnly: true);
                found.Add((label, Recommender.Recommend(s.Results, wanted, r.GetValue(top) * 4, id => LrRules.Of(s, id))));
            }

            // Most similar task first, then rank in its study, then the score itself: two stores' first-ranked policies
            // are ordered by what they reached, not by the order the stores were listed in.
            var recs = found.SelectMany(f => f.Result.Policies.Select(p => (f.Store, p)))
                .OrderByDescending(x => x.p.From.Score).ThenBy(x => x.p.Policy.Rank).ThenByDescending(x => Quality(x.p.Policy))
                // The same policy from several equally similar tasks is one recommendation (its best-ranked record).
                .DistinctBy(x => x.p.RuleSpec ?? x.p.Policy.Label).Take(r.GetValue(top)).ToList();
            Print(ctx, wanted, found, recs);
            if (outFile is not null)
            {
                var closest = recs.Count > 0 ? recs[0].p.From.Task : null;
                string text = StarterStudy.Write(wanted, dataOptions.DataDirectory, [.. recs.Select(x => x.p)],
                    r.GetValue(budget) ?? closest?.Budget ?? "5ep", r.GetValue(optimizer) ?? closest?.Optimizer ?? "sgd", r.GetValue(batch) ?? closest?.BatchSize ?? 128,
                    TimeProvider.System.GetUtcNow());
                File.WriteAllText(outFile, text);
                ctx.Console.WriteLine($"Study file: {outFile} (run it with lrbench study run {outFile})");
            }

            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>Higher is better: the mean top-1, or the negated mean loss of a task without top-1.</summary>
    private static double Quality(RankedPolicy policy) => !double.IsNaN(policy.Top1.Mean) ? policy.Top1.Mean : -policy.Loss.Mean;

    private static void Print(CliContext ctx, TaskRow wanted, List<(string Store, RecommendationResult Result)> found, List<(string Store, Recommendation p)> recs)
    {
        string G(double v) => double.IsNaN(v) ? "-" : v.ToString("G3", CultureInfo.InvariantCulture);
        string task = $"{wanted.Dataset} / {wanted.Model}";
        if (recs.Count == 0)
        {
            ctx.Console.WriteLine(found.Any(f => f.Result.Tasks.Count > 0)
                ? $"The stores hold similar tasks but no finished trials of them for {task}."
                : $"No stored task is like {task} (similar means: the same data set, or the same input shape and model family).");
            ctx.Console.WriteLine("Proposed procedure (the LRBench paper's, section V):");
            ctx.Console.WriteLine($"  1. lrbench range-test --dataset {wanted.Dataset} --model {wanted.Model}    # good constant range and cyclic k0/k1");
            ctx.Console.WriteLine("  2. a study of the usual candidates with their LRs from a range test, 3 seeds (--study-out writes it);");
            ctx.Console.WriteLine("  3. lrbench study run FILE, then lrbench study rank FILE; its store (--store) then answers this command.");
            return;
        }

        var tasks = new Table().Title("evidence: stored tasks like this one").AddColumn("store").AddColumn("data set").AddColumn("model").AddColumn("optimizer")
            .AddColumn("batch").AddColumn("budget").AddColumn("score").AddColumn("same").AddColumn("differs");
        foreach (var (store, t) in found.SelectMany(f => f.Result.Tasks.Select(t => (f.Store, t))).DistinctBy(x => (x.Store, x.t.Task.Id)))
        {
            tasks.AddRow(Markup.Escape(store), Markup.Escape(t.Task.Dataset), Markup.Escape(t.Task.Model), Markup.Escape(t.Task.Optimizer), t.Task.BatchSize.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(t.Task.Budget), t.Score.ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", t.Reasons)), Markup.Escape(string.Join(", ", t.Differences)));
        }

        ctx.Console.Write(tasks);
        var table = new Table().Title($"recommended for {task}");
        foreach (string h in new[] { "#", "policy", "from", "score", "seeds", "#iter", "LR range", "LR rule" }) table.AddColumn(h);
        for (int i = 0; i < recs.Count; i++)
        {
            var (store, rec) = recs[i];
            string score = !double.IsNaN(rec.Policy.Top1.Mean) ? RankingFormat.PlusMinus(rec.Policy.Top1, 100, "0.00") + "%"
                : RankingFormat.PlusMinus(rec.Policy.Loss, 1, "0.000") + " loss";
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(rec.Policy.Label), Markup.Escape($"{rec.From.Task.Dataset}/{rec.From.Task.Model} ({store})"),
                score, rec.Policy.Seeds.ToString(CultureInfo.InvariantCulture), rec.Policy.IterAtBest.Mean.ToString("0", CultureInfo.InvariantCulture),
                $"{G(rec.MinLr)} .. {G(rec.MaxLr)}", Markup.Escape(rec.RuleSpec ?? "-"));
        }

        ctx.Console.Write(table);
        ctx.Console.WriteLine("Similarity points: same data set 4, same input shape 2, same classes 1, training size within 2x 1, same model 3 (or same family 2),");
        ctx.Console.WriteLine("and where you give them: same optimizer 1, batch size within 2x 1, budget within 2x 1; tasks need 4 or more.");
    }
}
