using System.Globalization;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;
using Spectre.Console;

namespace LRBench.Cli.Services;

/// <summary>One bar for the study and one per running trial.</summary>
internal sealed class BarStudyProgress(ProgressContext progress) : IStudyObserver
{
    private readonly Dictionary<long, (ProgressTask Task, long LastUpdate)> _trials = [];
    private readonly Lock _lock = new();
    private ProgressTask? _overall;

    public void OnStudyStart(string study, int totalTrials, int alreadyFinished)
    {
        _overall = progress.AddTask($"study {study}", maxValue: totalTrials);
        _overall.Value = alreadyFinished;
    }

    public void OnTrialStart(TrialClaim claim, TrainingPlan plan)
    {
        lock (_lock)
        {
            var task = progress.AddTask(Describe(claim, 0), maxValue: plan.TotalSteps);
            task.Value = plan.StartStep;
            _trials[claim.Trial.Id] = (task, 0);
        }
    }

    public void OnTrialStep(TrialClaim claim, StepProgress p)
    {
        lock (_lock)
        {
            if (!_trials.TryGetValue(claim.Trial.Id, out var t)) return;
            long now = Environment.TickCount64;
            if (now - t.LastUpdate < 200 && p.Step < p.TotalSteps) return;
            t.Task.Value = p.Step;
            t.Task.Description = Describe(claim, p.Loss);
            _trials[claim.Trial.Id] = (t.Task, now);
        }
    }

    public void OnTrialEnd(TrialClaim claim, TrialEnding ending, EvaluationPoint? final)
    {
        lock (_lock)
        {
            if (_trials.Remove(claim.Trial.Id, out var t))
            {
                t.Task.Description = $"{Markup.Escape(claim.Trial.Label)} seed {claim.Trial.Seed}: {ending.ToText()}" + (final is null ? "" : Markup.Escape(PlainStudyProgress.Outcome(final, withStep: false)));
                t.Task.StopTask();
            }

            if (ending.FinishesTrial()) _overall?.Increment(1);
        }
    }

    private static string Describe(TrialClaim c, double loss) =>
        Markup.Escape($"{c.Trial.Label} seed {c.Trial.Seed}") + string.Create(CultureInfo.InvariantCulture, $"  loss {loss:F3}");
}
