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
                if (row.Racer is { } racer) WriteRace(ctx, racer, s.Results.RaceDecisions(row.Id));
                var compute = StudyCompute.Of(trials, s.Results.Tasks(), decisions, row.Searches, row.Racer);
                ctx.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"compute: {compute.UsedEpochs:0.##} of {compute.FullEpochs:0.##} epochs ({compute.Percent:0.#}%)"));
            }

            return LRBenchCli.Success;
        });
        return cmd;
    }

    /// <summary>The race: one row per setting and round, and where the race stands.</summary>
    private static void WriteRace(CliContext ctx, LRBench.Studies.Model.Definitions.RacerDefinition racer, IReadOnlyList<RaceDecisionRow> decisions)
    {
        string level = racer.Alpha.ToString("0.###", CultureInfo.InvariantCulture);
        if (decisions.Count == 0)
        {
            ctx.Console.WriteLine($"race ({racer.Test}, α = {level}): round 1 runs seeds {string.Join(", ", racer.Seeds.Take(racer.FirstSeeds))} of every setting; nothing decided yet.");
            return;
        }

        var table = new Table().Title($"race ({Markup.Escape(racer.Test)}, α = {level}, seeds {string.Join(", ", racer.Seeds)})");
        foreach (string h in new[] { "round", "setting", "seeds", "mean score", "decision", "statistic", "p", "why" }) table.AddColumn(h);
        foreach (var d in decisions.OrderBy(d => d.Round).ThenBy(d => d.Decision == RaceDecision.Eliminated).ThenByDescending(d => d.MeanScore))
        {
            table.AddRow(
                d.Round.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.Label), d.Seeds.ToString(CultureInfo.InvariantCulture), N(d.MeanScore, "0.####"),
                d.Decision.ToText(), N(d.Statistic, "0.###"), N(d.PValue, "0.####"), Markup.Escape(d.Reason));
        }

        ctx.Console.Write(table);
        int last = decisions.Max(d => d.Round);
        var finalists = decisions.Where(d => d.Decision == RaceDecision.Finalist).Select(d => d.Label).ToList();
        int alive = decisions.Count(d => d.Round == last && d.Decision != RaceDecision.Eliminated);
        ctx.Console.WriteLine(finalists.Count > 0
            ? $"race over after round {last}: {finalists.Count} finalist(s): {string.Join("; ", finalists)}"
            : $"race at round {last + 1}: {alive} setting(s) still in, running seed {racer.Seeds[Math.Min(racer.FirstSeeds + last, racer.Seeds.Count) - 1]}");

        static string N(double v, string format) => double.IsNaN(v) ? "" : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf") : v.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>One rung decision in the status table: "r1@704 0.8123 stop" (rung, step judged, score, decision; "+probe" when annealed).</summary>
    internal static string RungText(RungDecisionRow d) => string.Create(CultureInfo.InvariantCulture,
        $"r{d.Rung}@{d.Step}{(d.ProbeSteps > 0 ? "+probe" : "")} {(double.IsNaN(d.Score) ? "-" : d.Score.ToString("0.####", CultureInfo.InvariantCulture))} {d.Decision.ToText()}");
}
