using LRBench.Studies.Model.Results;
using LRBench.Training.Engine;

namespace LRBench.Studies.Running;

/// <summary>The runner, continued: trials resumed from checkpoints kept in the store (<see cref="RunnerOptions.StoreCheckpoints"/>).</summary>
public sealed partial class StudyRunner
{
    /// <summary>
    /// With store checkpoints, a trial this worker has no checkpoint of (it ran elsewhere) starts from the store's:
    /// unpacked into its folder, then resumed by the trainer as from its own. A stored checkpoint that fails its
    /// checksum or holds anything but plain files is not used (the trial starts over, and says so).
    /// </summary>
    private void RestoreCheckpoint(TrialClaim claim, string checkpoints, IStudyObserver observer)
    {
        if (Trainer.HasCheckpoint(checkpoints)) return;
        var stored = _store.Queue.Checkpoint(claim.Trial.Id, out string? problem);
        if (stored is not null)
        {
            try
            {
                CheckpointArchive.Unpack(stored.Content, Trainer.CheckpointFolder(checkpoints));
                return;
            }
            catch (InvalidDataException e)
            {
                problem = e.Message;
            }
        }

        if (problem is not null) observer.OnTrialOutput(claim, $"starting over: {problem}");
    }
}
