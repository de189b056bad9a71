using LRBench.Schedules;
using LRBench.Studies.Analysis;
using LRBench.Studies.Storage;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>The compute line of `study status`: epochs trained by finished trials against the whole study's budget.</summary>
public sealed class StudyComputeTests
{
    [Fact]
    public void Finished_trials_count_their_steps_forks_only_their_cool_down_and_unfinished_ones_nothing_yet()
    {
        // 1,000 samples in batches of 100: 10 steps per epoch.
        var task = new TaskRow { Id = 7, TrainSamples = 1000, BatchSize = 100 };
        TrialRow Row(long id, string label, Duration budget, TrialStatus status, long? steps, CurveRole? curve = null, long? startedFrom = null)
        {
            var trial = TestTrials.Make(label, curve: curve);
            return new TrialRow
            {
                Id = id, TaskId = 7, Status = status, Steps = steps, StartedFromStep = startedFrom,
                Trial = trial with { Training = trial.Training with { Budget = budget } },
            };
        }

        var fork = new CurveRole(CurveKind.Fork, 0, 40, [40], false, false, 10) { StartFromStep = 30 };
        var trials = new[]
        {
            Row(1, "a", Duration.Epochs(4), TrialStatus.Completed, 40),              // 4 of 4
            Row(2, "b", Duration.Epochs(4), TrialStatus.Diverged, 12),               // stopped early: 1.2 used
            Row(3, "c", Duration.Steps(25), TrialStatus.Running, null),              // 0 of 2.5 so far
            Row(4, "d", Duration.Epochs(4), TrialStatus.Completed, 40, fork, 30),    // a fork: its 10 steps of 10
        };
        var compute = StudyCompute.Of(trials, [task]);
        Assert.Equal(4 + 1.2 + 0 + 1, compute.UsedEpochs, 12);
        Assert.Equal(4 + 4 + 2.5 + 1, compute.FullEpochs, 12);
        Assert.Equal(100 * 6.2 / 11.5, compute.Percent, 12);
    }
}
