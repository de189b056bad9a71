using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Reports;
using LRBench.Studies.Running;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench study status</c>: trials, rungs and compute of a study.</summary>
internal static class StudyStatusCommand
{
    internal static Command Build(CliContext ctx)
    {
        var study = StudyCommand.StudyArgument();
        var store = StoreOption.Create();
        var cmd = new Command("status", "Every trial's state, attempts, worker and result so far.") { study, store };
        cmd.SetAction(r =>
        {
            var (s, row) = StoreAccess.OpenStudy(r.GetValue(study)!, r.GetValue(store), readOnly: true);
            using (s)
            {
                var trials = s.Results.Trials(row.Id);
                var best = s.Results.Evaluations(row.Id).GroupBy(e => e.TrialId).ToDictionary(g => g.Key, g => g.Max(e => e.Top1));
                var decisions = s.Results.RungDecisions(row.Id);
                var rungs = decisions.GroupBy(d => d.TrialId).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(RungText)));
                var table = new Table().Title($"study {row.Name}: {string.Join(", ", trials.GroupBy(t => t.Status).Select(g => $"{g.Count()} {g.Key.ToText()}"))}");
                foreach (string h in new[] { "#", "policy", "method", "seed", "status", "attempts", "failures", "worker", "steps", "best top-1", "wall s", "last error" })
                    table.AddColumn(h);
                if (row.Pruner is not null) table.AddColumn("rungs");
                foreach (var t in trials)
                {
                    string[] cells =
                    [
                        (t.Ordinal + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Label), Markup.Escape(t.Method), t.Seed.ToString(CultureInfo.InvariantCulture),
                        t.Status.ToText(), t.Attempts.ToString(CultureInfo.InvariantCulture), t.Failures.ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Worker ?? ""),
                        t.Steps is long st ? $"{st}/{t.TotalSteps}" : "",
                        best.TryGetValue(t.Id, out double b) ? RankingFormat.Percent(b) + "%" : "",
                        t.WallSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "", Markup.Escape(t.Error ?? ""),
                    ];
                    table.AddRow(row.Pruner is null ? cells : [.. cells, Markup.Escape(rungs.GetValueOrDefault(t.Id, ""))]);
                }

                ctx.Console.Write(table);
                var compute = StudyCompute.Of(trials, s.Results.Tasks(), decisions, row.Searches);
                ctx.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"compute: {compute.UsedEpochs:0.##} of {compute.FullEpochs:0.##} epochs ({compute.Percent:0.#}%)"));
            }

            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>One rung decision in the status table: "r1@704 0.8123 stop" (rung, step judged, score, decision; "+probe" when annealed).</summary>
    internal static string RungText(RungDecisionRow d) => string.Create(CultureInfo.InvariantCulture,
        $"r{d.Rung}@{d.Step}{(d.ProbeSteps > 0 ? "+probe" : "")} {(double.IsNaN(d.Score) ? "-" : d.Score.ToString("0.####", CultureInfo.InvariantCulture))} {d.Decision.ToText()}");
}
