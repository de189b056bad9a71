using System.Data.Common;
using Dapper;
using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Storage;

/// <summary>The queue's failures: recorded per attempt, retried on purpose, and leases no worker could have written.</summary>
public sealed partial class TrialQueue
{
    /// <summary>The longest lease a claim may take: a day. A trial whose worker died waits at most this long for another.</summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromDays(1);

    /// <summary>How far a lease may reach past its own length before it counts as damage: room for a clock that was adjusted.</summary>
    internal static readonly TimeSpan LeaseSlack = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A running trial whose lease ends further from now than the lease it was taken with (or, for a claim of an older
    /// release that did not record it, than <see cref="MaxLease"/>): no worker wrote that, so the row was edited or a
    /// clock jumped. Waiting for it could take forever; it is refused as damage.
    /// </summary>
    private static bool LeaseBeyondBound(StoredTrial t, long now) =>
        t.Status == "running" && t.LeaseExpiresMs is long until
        && until - now > (t.LeaseMs is long ms && ms > 0 && ms <= (long)MaxLease.TotalMilliseconds ? ms : (long)MaxLease.TotalMilliseconds) + (long)LeaseSlack.TotalMilliseconds;

    private StoreException DamagedLease(StoredTrial t, long now)
    {
        string until = t.LeaseExpiresMs is long ms && ms is > -62_135_596_800_000 and < 253_402_300_800_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("u", System.Globalization.CultureInfo.InvariantCulture)
            : $"{t.LeaseExpiresMs} ms";
        string length = t.LeaseMs is long l ? $"{l / 1000.0:0.###} s" : "none recorded";
        return new StoreException(
            $"trial {t.Id} ('{t.Label}') of study {t.StudyId} in {_store.Location.Display} is leased until {until}, beyond the lease it was claimed with ({length}) from now ({DateTimeOffset.FromUnixTimeMilliseconds(now):u}): " +
            "the store was edited or a clock jumped; once no worker runs it, give it back with `lrbench study retry NAME --store ...`");
    }

    /// <summary>Records an error; the trial is retried until it has failed <paramref name="maxFailures"/> times, then marked failed.</summary>
    public void Fail(TrialClaim claim, string error, int maxFailures)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(error);
        using var c = _store.Connect();
        using var tx = c.BeginTransaction();
        if (c.Execute(
            """
            UPDATE trials SET failures = failures + 1, error = @error, worker = NULL, lease_expires_ms = NULL, lease_ms = NULL,
                status = CASE WHEN failures + 1 >= @maxFailures THEN 'failed' ELSE 'pending' END
            WHERE id = @id AND attempts = @attempt AND status = 'running'
            """,
            new { error, maxFailures, id = claim.Trial.Id, attempt = claim.Attempt }, tx) == 1)
        {
            RecordFailure(c, tx, claim.Trial.Id, claim.Attempt, claim.Trial.Worker, error);
        }

        tx.Commit();
    }

    /// <summary>Keeps a failure in the trial's history (one row per attempt), which retries and later attempts leave in place.</summary>
    private void RecordFailure(DbConnection c, DbTransaction? tx, long trialId, int attempt, string? worker, string error) =>
        c.Execute(
            "INSERT INTO trial_failures (trial_id, attempt, failed_at, worker, error) VALUES (@trialId, @attempt, @now, @worker, @error) ON CONFLICT (trial_id, attempt) DO NOTHING",
            new { trialId, attempt, now = _store.Now(), worker, error }, tx);

    /// <summary>
    /// Gives failed trials of a study another chance, on purpose: each goes back to pending with its failures and
    /// abandonments counted from zero, keeping its history (<c>trial_failures</c>, its last error, its checkpoint, so
    /// it resumes where it stopped). A running trial whose lease is beyond any lease a worker takes (damage, see
    /// <see cref="Claim"/>) is given back too. <paramref name="trialIds"/> limits it to those trials (null: all).
    /// Returns the trials given back.
    /// </summary>
    public IReadOnlyList<TrialRow> Retry(long studyId, IReadOnlyCollection<long>? trialIds = null)
    {
        using var c = _store.Connect();
        using var tx = c.BeginTransaction();
        long now = Backend.LeaseClockMs(c, tx);
        var rows = c.Query<StoredTrial>("SELECT * FROM trials WHERE study_id = @studyId AND status IN ('failed', 'running') ORDER BY ordinal", new { studyId }, tx)
            .Where(t => (t.Status == "failed" || LeaseBeyondBound(t, now)) && (trialIds is null || trialIds.Contains(t.Id)))
            .ToList();
        foreach (var t in rows)
        {
            c.Execute(
                """
                UPDATE trials SET status = 'pending', failures = 0, retries = retries + 1, attempts_at_retry = attempts,
                    worker = NULL, lease_expires_ms = NULL, lease_ms = NULL
                WHERE id = @id AND attempts = @seen AND status = @status
                """,
                new { id = t.Id, seen = t.Attempts, status = t.Status }, tx);
        }

        tx.Commit();
        return [.. rows.Select(t => t.ToRow(_store.Location.Display))];
    }
}
