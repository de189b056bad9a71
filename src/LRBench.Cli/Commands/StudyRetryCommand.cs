using System.CommandLine;
using System.Globalization;
using LRBench.Cli.Services;
using LRBench.Cli.Invocation;
using LRBench.Studies.Model.Trials;
using Spectre.Console;

namespace LRBench.Cli.Commands;

/// <summary>
/// <c>lrbench study retry</c>: gives failed trials another chance once their cause is mended (a worker's folder, a
/// damaged checkpoint removed). They go back to pending with their failures counted from zero; their history (every
/// failed attempt, the last error, the checkpoint) stays. The next `study run` or worker takes them.
/// </summary>
internal static class StudyRetryCommand
{
    internal static Command Build(CliContext ctx)
    {
        var study = StudyCommand.StudyArgument();
        var store = StoreOption.Create();
        var trials = new Option<long[]>("--trial")
        {
            Description = "Only these trials, by the number `study status` shows in its # column (repeatable; default: every failed trial)",
            AllowMultipleArgumentsPerToken = true,
        };
        var cmd = new Command("retry", "Put failed trials back in the queue, keeping their history; a worker or `study run` then takes them.") { study, store, trials };
        cmd.SetAction(r =>
        {
            var (s, row) = StoreAccess.OpenStudy(r.GetValue(study)!, r.GetValue(store));
            using (s)
            {
                var all = s.Results.Trials(row.Id);
                IReadOnlyCollection<long>? ids = null;
                if (r.GetValue(trials) is { Length: > 0 } numbers)
                {
                    var unknown = numbers.Where(n => n < 1 || n > all.Count).ToList();
                    if (unknown.Count > 0)
                        throw new UserInputException($"--trial: study {row.Name} has trials 1 to {all.Count}; no trial {string.Join(", ", unknown.Select(n => n.ToString(CultureInfo.InvariantCulture)))}");
                    ids = [.. all.Where(t => numbers.Contains(t.Ordinal + 1L)).Select(t => t.Id)];
                }

                var retried = s.Queue.Retry(row.Id, ids);
                foreach (var t in retried)
                    ctx.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{t.Ordinal + 1} {t.Label} seed {t.Seed}: {t.Status.ToText()} -> pending (last error: {t.Error ?? "none recorded"})"));
                ctx.Console.WriteLine(retried.Count == 0
                    ? $"Nothing to retry: study {row.Name} has no failed trials{(ids is null ? "" : " among those given")}."
                    : $"{retried.Count} trial(s) of study {row.Name} are pending again; run the study (or start a worker) to train them.");
            }

            return LRBenchCli.Success;
        });
        return cmd;
    }
}
