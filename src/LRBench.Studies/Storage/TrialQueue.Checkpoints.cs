using System.Security.Cryptography;
using Dapper;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Storage;

/// <summary>
/// The queue, continued: checkpoints kept in the store, for workers that share nothing but the store. Each trial has
/// at most one (its latest), written by the attempt that owns the trial (fenced like every write about a claimed
/// trial), replaced by the next, and removed when the trial ends.
/// </summary>
public sealed partial class TrialQueue
{
    /// <summary>The largest checkpoint the store takes: 512 MiB (PostgreSQL's bytea holds at most 1 GiB).</summary>
    public const long MaxCheckpointBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Keeps <paramref name="content"/> (the checkpoint of <paramref name="claim"/>'s trial at <paramref name="step"/>)
    /// as the trial's latest checkpoint, with its SHA-256. False, writing nothing, when another attempt owns the trial.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint is larger than <see cref="MaxCheckpointBytes"/>.</exception>
    public bool SaveCheckpoint(TrialClaim claim, long step, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(content);
        if (content.LongLength > MaxCheckpointBytes)
        {
            throw new ArgumentException(
                $"a checkpoint of {content.LongLength / (1024.0 * 1024):F0} MiB is above the store's limit for checkpoints ({MaxCheckpointBytes / (1024 * 1024)} MiB): keep checkpoints in a shared folder instead (--checkpoints folder)",
                nameof(content));
        }

        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        using var c = _store.Connect();
        using var tx = c.BeginTransaction();
        if (!Owns(c, tx, claim))
        {
            tx.Rollback();
            return false;
        }

        long trialId = claim.Trial.Id;
        c.Execute("DELETE FROM trial_checkpoints WHERE trial_id = @trialId", new { trialId }, tx);
        c.Execute(
            "INSERT INTO trial_checkpoints (trial_id, attempt, step, sha256, size, content, written_at) VALUES (@trialId, @attempt, @step, @sha, @size, @content, @now)",
            new { trialId, attempt = claim.Attempt, step, sha, size = content.LongLength, content, now = _store.Now() }, tx);
        tx.Commit();
        return true;
    }

    /// <summary>
    /// The trial's latest checkpoint, or null when the store has none. A checkpoint whose size or checksum does not
    /// match what was recorded is not returned: <paramref name="problem"/> says why, and the trial starts over.
    /// </summary>
    public StoredCheckpoint? Checkpoint(long trialId, out string? problem)
    {
        problem = null;
        using var c = _store.Connect();
        var row = c.QuerySingleOrDefault<(int Attempt, long Step, string Sha256, long Size, byte[] Content)>(
            "SELECT attempt, step, sha256, size, content FROM trial_checkpoints WHERE trial_id = @trialId", new { trialId });
        if (row.Content is null) return null;
        if (row.Content.LongLength != row.Size || Convert.ToHexStringLower(SHA256.HashData(row.Content)) != row.Sha256)
        {
            problem = $"the stored checkpoint of trial {trialId} (step {row.Step}) does not match its checksum: it was not used";
            return null;
        }

        return new StoredCheckpoint(trialId, row.Attempt, row.Step, row.Content);
    }

    /// <summary>How many checkpoints the store holds and their bytes (for status displays and tests).</summary>
    public (long Count, long Bytes) CheckpointTotals()
    {
        using var c = _store.Connect();
        return c.QuerySingle<(long, long)>("SELECT count(*), COALESCE(SUM(size), 0) FROM trial_checkpoints");
    }
}
