using System.Globalization;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>Plain lines: one when a trial starts and one when it ends.</summary>
internal sealed class PlainStudyProgress(IAnsiConsole console) : IStudyObserver
{
    private readonly Lock _lock = new();
    private int _finished;
    private int _total;

    public void OnStudyStart(string study, int totalTrials, int alreadyFinished)
    {
        _total = totalTrials;
        _finished = alreadyFinished;
        if (alreadyFinished > 0) console.WriteLine($"{alreadyFinished} of {totalTrials} trials already finished; continuing.");
    }

    public void OnTrialOutput(TrialClaim claim, string line)
    {
        lock (_lock) console.WriteLine(line);
    }

    public void OnTrialStart(TrialClaim claim, TrainingPlan plan)
    {
        lock (_lock)
        {
            string from = plan.StartStep > 0 ? $" (resuming at step {plan.StartStep})" : "";
            console.WriteLine($"start  {claim.Trial.Label} [{claim.Trial.Method}] seed {claim.Trial.Seed}, attempt {claim.Attempt}: {plan.TotalSteps} steps{from}");
        }
    }

    public void OnTrialEnd(TrialClaim claim, TrialEnding ending, EvaluationPoint? final)
    {
        lock (_lock)
        {
            if (ending.FinishesTrial()) _finished++;
            string best = final is null ? "" : Outcome(final, withStep: true);
            console.WriteLine($"{ending.ToText(),-9} {claim.Trial.Label} [{claim.Trial.Method}] seed {claim.Trial.Seed}{best} ({_finished}/{_total} finished)");
        }
    }

    /// <summary>
    /// How a finished trial did: its best top-1 (and where) for classification; for other tasks (a language model)
    /// its final validation loss and task metric, since there is no top-1 to report.
    /// </summary>
    internal static string Outcome(EvaluationPoint final, bool withStep)
    {
        if (!double.IsNaN(final.BestTop1))
            return string.Create(CultureInfo.InvariantCulture, $", best top-1 {final.BestTop1:P2}") + (withStep ? string.Create(CultureInfo.InvariantCulture, $" at step {final.BestTop1Step}") : "");
        string metric = final.TaskMetric is double m ? string.Create(CultureInfo.InvariantCulture, $", task metric {m:F4}") : "";
        return string.Create(CultureInfo.InvariantCulture, $", final loss {final.Metrics.Loss:F4}{metric} at step {final.Step}");
    }
}
