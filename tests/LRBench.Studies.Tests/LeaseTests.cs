using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using Microsoft.Extensions.Time.Testing;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>Leases, heartbeats and fencing on a fake clock: the protocol's timing is tested without sleeping.</summary>
public sealed class LeaseTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-lease-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long Register(StudyStore store)
    {
        var study = LRBench.Studies.Definition.StudyParser.Parse("""
            name: lease-test
            task: {dataset: synthetic, model: "mlp:8", budget: 20ba}
            policies: ["FIX(k0=0.01)", "FIX(k0=0.02)"]
            """, "lease-test.yaml");
        return store.Queue.Register(study, "lease-test", LRBench.Training.Tasks.ImageClassificationTask.Create("mlp:8", DataCatalogue.Load(new DataOptions { Dataset = "synthetic" })), study.Trials()).Id;
    }

    [Fact]
    public void The_idle_runners_count_of_unfinished_trials_follows_claims_and_ends_and_names_a_damaged_status()
    {
        using var store = StudyStore.Open(StoreLocation.Parse($"sqlite:{Path.Combine(_dir, "count.db")}"), _time);
        long study = Register(store);
        Assert.Equal(2, store.Results.UnfinishedTrials(study));
        var claim = store.Queue.Claim(study, "host:1:a", Lease)!;
        Assert.Equal(2, store.Results.UnfinishedTrials(study)); // running is unfinished
        store.Queue.Fail(claim, "boom", maxFailures: 1);
        Assert.Equal(1, store.Results.UnfinishedTrials(study));
        Assert.Equal(store.Results.Trials(study).Count(t => !t.Status.IsFinished()), store.Results.UnfinishedTrials(study));

        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "count.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE trials SET status = 'sleeping' WHERE status = 'pending'";
            cmd.ExecuteNonQuery();
        }

        var e = Assert.Throws<StoreException>(() => store.Results.UnfinishedTrials(study));
        Assert.Contains("has status 'sleeping'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lease_holds_while_heartbeats_come_and_is_taken_over_with_a_new_attempt_once_it_runs_out()
    {
        using var store = StudyStore.Open(StoreLocation.Parse($"sqlite:{Path.Combine(_dir, "lease.db")}"), _time);
        long study = Register(store);
        var first = store.Queue.Claim(study, "host:1:a", Lease)!;

        // Within the lease another worker gets the other trial, not this one.
        _time.Advance(TimeSpan.FromSeconds(59));
        var other = store.Queue.Claim(study, "host:2:b", Lease)!;
        Assert.NotEqual(first.Trial.Id, other.Trial.Id);
        store.Queue.Release(other);

        // A heartbeat at 59 s carries the lease to 119 s: at 118 s the trial is still held.
        Assert.True(store.Queue.Heartbeat(first, Lease));
        _time.Advance(TimeSpan.FromSeconds(59));
        other = store.Queue.Claim(study, "host:2:b", Lease)!;
        Assert.NotEqual(first.Trial.Id, other.Trial.Id);
        store.Queue.Release(other);

        // Past it, the trial is claimed again with the next attempt, which fences every write of the first holder.
        _time.Advance(TimeSpan.FromSeconds(2));
        var taken = store.Queue.Claim(study, "host:2:b", Lease)!;
        Assert.Equal(first.Trial.Id, taken.Trial.Id);
        Assert.Equal(2, taken.Attempt);
        Assert.False(store.Queue.Heartbeat(first, Lease));
        store.Queue.Release(first); // a stale release changes nothing
        Assert.Equal(TrialStatus.Running, store.Results.Trial(first.Trial.Id)!.Status);
        Assert.Equal("host:2:b", store.Results.Trial(first.Trial.Id)!.Worker);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds() + (long)Lease.TotalMilliseconds, store.Results.Trial(first.Trial.Id)!.LeaseExpiresMs);
    }

    [Fact]
    public void A_trial_abandoned_too_often_is_failed_instead_of_claimed_again()
    {
        using var store = StudyStore.Open(StoreLocation.Parse($"sqlite:{Path.Combine(_dir, "abandoned.db")}"), _time);
        long study = Register(store);
        long id = store.Queue.Claim(study, "host:1:a", Lease, maxAttempts: 2)!.Trial.Id;
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = store.Queue.Claim(study, "host:1:b", Lease, maxAttempts: 2)!;
        Assert.Equal(id, second.Trial.Id);
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var next = store.Queue.Claim(study, "host:1:c", Lease, maxAttempts: 2)!;
        Assert.NotEqual(id, next.Trial.Id);
        var failed = store.Results.Trial(id)!;
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.StartsWith("abandoned 2 times", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_shared_store_failed_heartbeats_fence_the_worker_after_three_quarters_of_the_lease()
    {
        bool reachable = true;
        var keeper = new LeaseKeeper(() => reachable ? true : throw new TimeoutException("network down"), TimeSpan.FromSeconds(4), fences: true, _time);
        keeper.Beat();
        _time.Advance(TimeSpan.FromSeconds(1));
        reachable = false;
        keeper.Beat(); // fails at 1 s; the last confirmed heartbeat was sent at 0 s
        Assert.False(keeper.Lost);
        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(keeper.Lost); // 2.9 s since the last confirmation: under 3 s (0.75 of the lease)
        _time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(keeper.Lost);

        // A heartbeat that gets through again confirms the lease.
        reachable = true;
        keeper.Beat();
        Assert.False(keeper.Lost);
    }

    [Fact]
    public void Slow_or_missing_heartbeats_fence_nothing_and_a_local_store_never_fences()
    {
        var quiet = new LeaseKeeper(() => true, TimeSpan.FromSeconds(4), fences: true, _time);
        _time.Advance(TimeSpan.FromMinutes(10)); // no heartbeat sent at all (a starved process): the store may still hold the lease
        Assert.False(quiet.Lost);

        var local = new LeaseKeeper(() => throw new TimeoutException("database is locked"), TimeSpan.FromSeconds(4), fences: false, _time);
        local.Beat();
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(local.Lost);

        var takenOver = new LeaseKeeper(() => false, TimeSpan.FromSeconds(4), fences: false, _time);
        takenOver.Beat();
        Assert.True(takenOver.Lost);
    }

    private void Sql(string file, string sql)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, file)};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void A_lease_reaching_beyond_the_length_it_was_claimed_with_is_named_as_damage_and_a_retry_gives_the_trial_back()
    {
        using var store = StudyStore.Open(StoreLocation.Parse($"sqlite:{Path.Combine(_dir, "future.db")}"), _time);
        long study = Register(store);
        var held = store.Queue.Claim(study, "host:1:a", Lease)!;
        Assert.Equal((long)Lease.TotalMilliseconds, store.Results.Trial(held.Trial.Id)!.LeaseMs);

        // Reaching less than the slack (a minute) past its length, as after a clock set back by 50 s, is not damage.
        Sql("future.db", $"UPDATE trials SET lease_expires_ms = lease_expires_ms + 50000 WHERE id = {held.Trial.Id}");
        var other = store.Queue.Claim(study, "host:2:b", Lease)!;
        Assert.NotEqual(held.Trial.Id, other.Trial.Id);
        store.Queue.Release(other);

        // A row edited to hold its lease for a century: every worker would wait for it forever.
        Sql("future.db", $"UPDATE trials SET lease_expires_ms = lease_expires_ms + 3153600000000 WHERE id = {held.Trial.Id}");
        Assert.NotEqual(held.Trial.Id, store.Queue.Claim(study, "host:2:b", Lease)!.Trial.Id); // the other trial is still claimable
        var e = Assert.Throws<StoreException>(() => store.Queue.Claim(study, "host:2:b", Lease));
        Assert.Contains($"trial {held.Trial.Id} ('FIX(k0=0.01)')", e.Message, StringComparison.Ordinal);
        Assert.Contains("beyond the lease it was claimed with (60 s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("lrbench study retry", e.Message, StringComparison.Ordinal);

        var retried = Assert.Single(store.Queue.Retry(study));
        Assert.Equal(held.Trial.Id, retried.Id);
        var back = store.Results.Trial(held.Trial.Id)!;
        Assert.Equal((TrialStatus.Pending, (string?)null, (long?)null), (back.Status, back.Worker, back.LeaseExpiresMs));
        Assert.Equal(held.Trial.Id, store.Queue.Claim(study, "host:2:b", Lease)!.Trial.Id);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Queue.Claim(study, "host:2:b", TimeSpan.FromDays(2)));
    }

    [Fact]
    public void A_retried_trial_starts_its_failures_and_abandonments_from_zero_and_keeps_every_failure_in_its_history()
    {
        using var store = StudyStore.Open(StoreLocation.Parse($"sqlite:{Path.Combine(_dir, "retry.db")}"), _time);
        long study = Register(store);
        for (int i = 1; i <= 3; i++)
        {
            var claim = store.Queue.Claim(study, "host:1:a", Lease)!;
            Assert.Equal("FIX(k0=0.01)", claim.Trial.Label);
            store.Queue.Fail(claim, $"boom {i}", maxFailures: 3);
        }

        var failed = store.Results.Trials(study)[0];
        Assert.Equal((TrialStatus.Failed, 3, 3), (failed.Status, failed.Failures, failed.Attempts));
        Assert.Empty(store.Queue.Retry(study, [store.Results.Trials(study)[1].Id])); // the other trial is not failed

        Assert.Single(store.Queue.Retry(study));
        var back = store.Results.Trial(failed.Id)!;
        Assert.Equal((TrialStatus.Pending, 0, 1, 3, "boom 3"), (back.Status, back.Failures, back.Retries, back.AttemptsAtRetry, back.Error));

        // Abandoned again: five takeovers counted from the retry, not from the first attempt, fail it.
        for (int taken = 0; taken < 5; taken++)
        {
            var claim = store.Queue.Claim(study, $"host:{taken}:x", Lease)!;
            Assert.Equal(failed.Id, claim.Trial.Id);
            _time.Advance(Lease + TimeSpan.FromSeconds(1));
        }

        Assert.NotEqual(failed.Id, store.Queue.Claim(study, "host:9:z", Lease)?.Trial.Id);
        var abandoned = store.Results.Trial(failed.Id)!;
        Assert.Equal(TrialStatus.Failed, abandoned.Status);
        Assert.StartsWith("abandoned 5 times", abandoned.Error, StringComparison.Ordinal);

        var history = store.Results.Failures(study);
        Assert.Equal(["1 boom 1", "2 boom 2", "3 boom 3", "8 abandoned 5 times"], history.Select(f => $"{f.Attempt} {f.Error[..Math.Min(f.Error.Length, 17)]}").ToList());
        Assert.Equal("host:1:a", history[0].Worker);
    }
}
