using LRBench.Studies.Definition;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;

namespace LRBench.Studies.Tests;

/// <summary>
/// A trial interrupted at a fair rung, after the evaluation there and before its anneal probe was judged (a SIGTERM
/// arriving mid-probe): the interrupted attempt writes no checkpoint past the unjudged rung, so the next attempt
/// trains to the rung again and is judged there. (Measured once before the fix: the attempt resumed at the rung step
/// itself and ran to the end without a rung decision, a trial the pruner never saw.)
/// </summary>
public sealed class RungInterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-rung-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Text = """
        name: rung-interrupt
        task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 2ep, evaluate_every: 0.5ep, checkpoint_every: 3ba}
        seeds: [0]
        pruner: {name: asha, min_resource: 0.5ep, reduction_factor: 2, fair: {anneal: 5ba}}
        policies: ["FIX(k0=0.02)", "FIX(k0=0.05)", "FIX(k0=0.1)"]
        """;

    [Fact]
    public void A_trial_interrupted_during_a_rungs_anneal_probe_is_judged_at_that_rung_when_it_resumes()
    {
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "store.db")}");
        var study = StudyParser.Parse(Text, "rung-interrupt.yaml");
        using var cancel = new CancellationTokenSource();
        var interrupt = new CancelAtFirstRung(cancel);
        Assert.True(Run(store, study, interrupt, cancel.Token).Interrupted);

        long trialId = Assert.IsType<long>(interrupt.TrialId);
        long rungStep = interrupt.RungStep;
        var id = store.Results.FindStudy("rung-interrupt")!.Id;
        Assert.DoesNotContain(store.Results.RungDecisions(id), d => d.TrialId == trialId); // the probe was cut short: no decision
        Assert.Equal(TrialStatus.Pending, store.Results.Trial(trialId)!.Status);

        var starts = new StartSteps();
        var summary = Run(store, study, starts, CancellationToken.None);
        Assert.False(summary.Interrupted);

        // The next attempt started before the rung (from the last checkpoint before it), so it met the rung again.
        Assert.True(starts.Of.TryGetValue(trialId, out long start));
        Assert.True(start < rungStep, $"resumed at step {start}, at or past the unjudged rung at step {rungStep}");
        var decisions = store.Results.RungDecisions(id);
        Assert.Contains(decisions, d => d.TrialId == trialId && d.Rung == 0 && d.ProbeSteps == 5);
        // No trial went past a rung without a decision there.
        foreach (var t in store.Results.Trials(id))
        {
            Assert.True(t.Status is TrialStatus.Completed or TrialStatus.Pruned, $"{t.Label}: {t.Status}");
            foreach (var rung in t.Trial.Rungs.Where(r => r.Step < t.Steps))
                Assert.Contains(decisions, d => d.TrialId == t.Id && d.Rung == rung.Index);
        }
    }

    private StudyRunSummary Run(StudyStore store, Model.Definitions.StudyDefinition study, IStudyObserver observer, CancellationToken cancel) =>
        new BoundRunner(new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "out"), Parallel = 1, ThreadsPerTrial = 1 }), study, Text)
            .Run(observer, cancel);

    /// <summary>Cancels the run at the first trial's first rung, right after its evaluation there (before the anneal probe).</summary>
    private sealed class CancelAtFirstRung(CancellationTokenSource cancel) : IStudyObserver
    {
        public long? TrialId { get; private set; }

        public long RungStep { get; private set; }

        public void OnTrialEvaluation(TrialClaim claim, EvaluationPoint point)
        {
            var rungs = claim.Trial.Trial.Rungs;
            if (TrialId is null && rungs.Count > 0 && rungs[0].ProbeSteps > 0 && point.Step == rungs[0].Step)
            {
                TrialId = claim.Trial.Id;
                RungStep = point.Step;
                cancel.Cancel();
            }
        }
    }

    /// <summary>The step each trial's attempt started at.</summary>
    private sealed class StartSteps : IStudyObserver
    {
        public System.Collections.Concurrent.ConcurrentDictionary<long, long> Of { get; } = new();

        public void OnTrialStart(TrialClaim claim, TrainingPlan plan) => Of[claim.Trial.Id] = plan.StartStep;
    }
}
