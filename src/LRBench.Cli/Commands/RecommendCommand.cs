using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Analysis;
using LRBench.Studies.Reports;
using LRBench.Training.Data;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench recommend</c>: policies for a new task from the results stores already hold.</summary>
internal static class RecommendCommand
{
    public static Command Build(CliContext ctx)
    {
        var dataset = new Option<string>("--dataset") { Description = $"The new task's data set: {string.Join(", ", DataCatalogue.Names)}", DefaultValueFactory = _ => "fashion-mnist" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder holding the data set's files" };
        var model = new Option<string>("--model") { Description = "The new task's model", Required = true };
        var stores = StoreOption.CreateMany("Stores to learn from (repeat the option for several): sqlite:PATH or postgresql://user@host:port/database");
        stores.Required = true;
        var top = new Option<int>("--top") { Description = "How many policies to recommend", DefaultValueFactory = _ => 5 };
        var cmd = new Command("recommend", "Recommend policies and LR ranges for a task from the results in one or more stores.") { dataset, dataDir, model, stores, top };
        cmd.SetAction(r =>
        {
            var data = DataCatalogue.Load(new DataOptions { Dataset = r.GetValue(dataset)!, DataDirectory = r.GetValue(dataDir) });
            string modelName = r.GetValue(model)!;
            try
            {
                LRBench.Training.Models.ModelZoo.Resolve(modelName);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException(e.Message);
            }

            var found = new List<(string Store, RecommendationResult Result)>();
            foreach (var location in r.GetValue(stores)!)
            {
                using var s = StoreAccess.OpenStore(location, mustExist: true, readOnly: true);
                found.Add((s.Location.Display, Recommender.Recommend(s.Results, data.Name, modelName, data.Shape, data.Classes, data.Train.Count, r.GetValue(top))));
            }

            string G(double v) => double.IsNaN(v) ? "-" : v.ToString("G3", CultureInfo.InvariantCulture);
            var recs = found.SelectMany(f => f.Result.Policies.Select(p => (f.Store, p)))
                .OrderByDescending(x => x.p.From.Score).ThenByDescending(x => x.p.Policy.Top1.Mean).Take(r.GetValue(top)).ToList();
            if (recs.Count == 0)
            {
                ctx.Console.WriteLine(found.Any(f => f.Result.Tasks.Count > 0)
                    ? $"The stores hold similar tasks but no finished trials of them for {data.Name} / {modelName}."
                    : $"The stores hold no results for a task like {data.Name} ({data.Shape}, {data.Classes} classes) with {modelName} (similar means: the same data set, or the same image shape and model family).");
                ctx.Console.WriteLine("Proposed procedure (the LRBench paper's, section V):");
                ctx.Console.WriteLine($"  1. lrbench range-test --dataset {data.Name} --model {modelName}    # good constant range and cyclic k0/k1");
                ctx.Console.WriteLine("  2. a study of FIX over that range, plus the cyclic functions (TRI2, SINEXP, ...) with those k0/k1 and the decaying ones starting at k1");
                ctx.Console.WriteLine("     (examples/studies/fmnist-lenet5-13-functions.yaml is a template), 3 seeds;");
                ctx.Console.WriteLine("  3. lrbench study run STUDY.yaml, then lrbench study rank STUDY.yaml; the store then answers this command.");
                return LRBenchCli.Success;
            }

            var tasks = new Table().Title("evidence: stored tasks like this one").AddColumn("store").AddColumn("data set").AddColumn("model").AddColumn("score").AddColumn("why");
            foreach (var (store, task) in found.SelectMany(f => f.Result.Tasks.Select(t => (f.Store, t))).DistinctBy(x => (x.Store, x.t.Task.Id)))
                tasks.AddRow(Markup.Escape(store), task.Task.Dataset, Markup.Escape(task.Task.Model), task.Score.ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", task.Reasons)));
            ctx.Console.Write(tasks);

            var table = new Table().Title($"recommended for {data.Name} / {modelName}");
            foreach (string h in new[] { "#", "policy", "from", "top-1 (%)", "seeds", "#iter", "LR range", "spec" }) table.AddColumn(h);
            for (int i = 0; i < recs.Count; i++)
            {
                var (_, rec) = recs[i];
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(rec.Policy.Label), Markup.Escape($"{rec.From.Task.Dataset}/{rec.From.Task.Model}"),
                    RankingFormat.PlusMinus(rec.Policy.Top1, 100, "0.00"), rec.Policy.Seeds.ToString(CultureInfo.InvariantCulture),
                    rec.Policy.IterAtBest.Mean.ToString("0", CultureInfo.InvariantCulture), $"{G(rec.MinLr)} .. {G(rec.MaxLr)}", Markup.Escape(rec.Policy.Spec));
            }

            ctx.Console.Write(table);
            ctx.Console.WriteLine("Similarity points: same data set 4, same image shape 2, same classes 1, training size within 2x 1, same model 3 (or same family 2); tasks need 4 or more.");
            return LRBenchCli.Success;
        });
        return cmd;
    }
}
