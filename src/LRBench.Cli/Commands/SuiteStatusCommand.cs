using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Invocation;
using LRBench.Cli.Services;
using LRBench.Studies.Model.Trials;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary><c>lrbench suite status</c>: how far each workload's study has come.</summary>
internal static class SuiteStatusCommand
{
    internal static Command Build(CliContext ctx)
    {
        var suite = SuiteCommand.SuiteArgument();
        var store = StoreOption.Create();
        var cmd = new Command("status", "Each workload's study: trials by state and the range test's values.") { suite, store };
        cmd.SetAction(r =>
        {
            var definition = SuiteFiles.Load(r.GetValue(suite)!);
            var location = StoreOption.Resolve(r.GetValue(store), () => SuiteFiles.Defaults(definition).Store);
            using var s = StoreAccess.OpenStore(location, mustExist: true, readOnly: true);
            var table = new Table().Title($"suite {definition.Name}: {definition.Workloads.Count} workloads, {definition.Policies.Count} policies");
            foreach (string h in new[] { "workload", "study", "trials", "finished", "running", "pending", "diverged", "failed", "range test" }) table.AddColumn(h);
            int done = 0, all = 0;
            foreach (var w in definition.Workloads)
            {
                var row = s.Results.FindStudy(w.Study.Name);
                if (row is null)
                {
                    table.AddRow(Markup.Escape(w.Name), Markup.Escape(w.Study.Name), "not submitted", "", "", "", "", "", "");
                    continue;
                }

                var trials = s.Results.Trials(row.Id);
                int Count(Func<TrialStatus, bool> f) => trials.Count(t => f(t.Status));
                done += Count(st => st.IsFinished());
                all += trials.Count;
                var values = s.Results.RangeTest(row.Id)?.PlaceholderValues();
                string range = values is null ? (w.Study.NeedsRangeTest ? "not run" : "none needed")
                    : string.Join(" ", new[] { "k0", "k1", "minimum" }.Where(values.ContainsKey).Select(k => $"${k}={values[k].ToString("G3", CultureInfo.InvariantCulture)}"));
                table.AddRow(Markup.Escape(w.Name), Markup.Escape(row.Name), trials.Count.ToString(CultureInfo.InvariantCulture),
                    Count(st => st.IsFinished()).ToString(CultureInfo.InvariantCulture), Count(st => st == TrialStatus.Running).ToString(CultureInfo.InvariantCulture),
                    Count(st => st == TrialStatus.Pending).ToString(CultureInfo.InvariantCulture), Count(st => st == TrialStatus.Diverged).ToString(CultureInfo.InvariantCulture),
                    Count(st => st == TrialStatus.Failed).ToString(CultureInfo.InvariantCulture), Markup.Escape(range));
            }

            ctx.Console.Write(table);
            ctx.Console.WriteLine($"{done} of {all} submitted trials finished.");
            return LRBenchCli.Success;
        });
        return cmd;
    }
}
