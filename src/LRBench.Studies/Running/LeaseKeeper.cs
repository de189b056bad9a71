namespace LRBench.Studies.Running;

/// <summary>
/// Keeps a trial's lease alive and knows when it may be gone. The lease is lost when a heartbeat finds the trial
/// taken over. On a shared (PostgreSQL) store it is also presumed lost (self-fencing) once heartbeats have failed
/// and none has reached the store for three quarters of the lease: a worker cut off from the network then stops
/// before anyone can take its trial over, so two workers never train the same trial into one checkpoint folder.
/// Only failures count: a heartbeat that is slow or was never sent (this process starved of CPU) fences nothing,
/// since the store may well still hold the lease. A SQLite store is on this machine, where a failing heartbeat
/// means a busy file, not a partition, so it never fences.
/// </summary>
/// <param name="heartbeat">Extends the lease in the store: true when it did, false when the trial was taken over; throws when the store cannot be reached.</param>
/// <param name="lease">How long the store keeps the claim without a heartbeat.</param>
/// <param name="fences">Presume the lease lost after failed heartbeats (a shared store).</param>
/// <param name="time">The clock (a fake one in tests).</param>
internal sealed class LeaseKeeper(Func<bool> heartbeat, TimeSpan lease, bool fences, TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private readonly long _fenceMs = (long)(lease.TotalMilliseconds * 0.75);
    private long _confirmedAtMs; // when the last heartbeat that reached the store was sent (the claim counts as one)
    private long _failedAtMs = -1; // when the last heartbeat that failed was sent
    private int _takenOver;

    private long ElapsedMs => (long)time.GetElapsedTime(_start).TotalMilliseconds;

    /// <summary>Sends one heartbeat and remembers how it went.</summary>
    public void Beat()
    {
        long sentAt = ElapsedMs;
        try
        {
            if (heartbeat()) Interlocked.Exchange(ref _confirmedAtMs, sentAt);
            else Volatile.Write(ref _takenOver, 1);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // A missed heartbeat is not fatal; the next one may get through before the lease ends.
            Interlocked.Exchange(ref _failedAtMs, sentAt);
        }
    }

    /// <summary>True once the trial is known or presumed to be someone else's: stop training it and write nothing.</summary>
    public bool Lost
    {
        get
        {
            if (Volatile.Read(ref _takenOver) == 1) return true;
            long confirmed = Interlocked.Read(ref _confirmedAtMs);
            return fences && Interlocked.Read(ref _failedAtMs) > confirmed && ElapsedMs - confirmed > _fenceMs;
        }
    }
}
