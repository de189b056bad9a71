using System.Diagnostics;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Running;
using LRBench.Studies.Storage;
using LRBench.Training.Engine;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;
using LRBench.Training.Settings;

namespace LRBench.Studies.Tests;

/// <summary>Whole studies on the synthetic data set, against both stores, interrupted and resumed.</summary>
[Collection("postgres")]
public sealed class StudyRunnerTests(PostgresServer postgres) : IDisposable
{
    private const string Text = """
        name: runner-test
        task: {dataset: synthetic, model: "mlp:16", batch_size: 50, budget: 2ep, evaluate_every: 0.5ep, checkpoint_every: 10ba}
        seeds: [0, 1]
        target_accuracy: 0.8
        policies:
          - "FIX(k0=0.02)"
          - "warmup_cosine(peak_lr=0.1, warmup=0.5ep)"
          - policy: TRI2
            params: {l: 0.5ep, k0: 0.001}
            grid: {k1: [0.05, 0.2]}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-runner-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StudyDefinition Study => StudyParser.Parse(Text, "runner-test.yaml");

    private StudyRunSummary Run(StudyStore store, string outputs, IStudyObserver? observer = null, CancellationToken cancel = default) =>
        new BoundRunner(new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, outputs), Parallel = 2, ThreadsPerTrial = 1 }), Study, Text)
            .Run(observer, cancel);

    private static List<string> Ranked(StudyStore store)
    {
        var id = store.Results.FindStudy("runner-test")!.Id;
        return [.. Ranking.Rank(store.Results.Trials(id), store.Results.Evaluations(id), 0.8).Select(p =>
            $"{p.Label} {p.Top1.Mean:R} {p.Top1.Std:R} {p.IterAtBest.Mean:R} {p.Ld.Mean:R} {p.Ac.Mean:R} {p.StepsToTarget.Mean:R}")];
    }

    [Fact]
    public void A_study_runs_every_trial_once_and_a_rerun_runs_nothing()
    {
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "s.db")}");
        var first = Run(store, "out");
        Assert.Equal(new StudyRunSummary(8, 8, 8, 0, false), first);
        var id = store.Results.FindStudy("runner-test")!.Id;
        Assert.All(store.Results.Trials(id), t => Assert.Equal((TrialStatus.Completed, 1), (t.Status, t.Attempts)));
        Assert.Equal(8 * 4, store.Results.Evaluations(id).Count); // 40 steps, evaluated every 10

        var second = Run(store, "out");
        Assert.Equal(0, second.RanNow);
        Assert.All(store.Results.Trials(id), t => Assert.Equal(1, t.Attempts));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void An_interrupted_study_resumes_from_checkpoints_to_the_same_ranking(string kind)
    {
        using var reference = StudyStore.Open($"sqlite:{Path.Combine(_dir, "reference.db")}");
        Run(reference, "reference");

        using var store = StudyStore.Open(TestStores.Location(kind, _dir, postgres, "interrupted"));
        using var cancel = new CancellationTokenSource();
        var stopped = Run(store, "interrupted", new CancelMidTrial(cancel), cancel.Token);
        Assert.True(stopped.Interrupted);
        var id = store.Results.FindStudy("runner-test")!.Id;
        var midway = store.Results.Trials(id);
        Assert.Contains(midway, t => t.Status == TrialStatus.Completed);
        // Released with a checkpoint (a worker that claimed just as the cancel came releases at once: attempts may be 2).
        Assert.Contains(midway, t => t.Status == TrialStatus.Pending && t.CheckpointDir is { } d && File.Exists(Path.Combine(d, "checkpoint", "state.json")));
        Assert.DoesNotContain(midway, t => t.Status == TrialStatus.Running);

        var resumed = Run(store, "interrupted");
        Assert.False(resumed.Interrupted);
        Assert.Equal(8, resumed.Finished);
        Assert.Equal(Ranked(reference), Ranked(store));
        Assert.All(store.Results.Trials(id), t => Assert.InRange(t.Attempts, 1, 3));
    }

    [Fact]
    public void PostgreSQL_gives_the_same_results_as_SQLite()
    {
        using var sqlite = StudyStore.Open($"sqlite:{Path.Combine(_dir, "a.db")}");
        using var pg = StudyStore.Open(postgres.NewDatabase());
        Run(sqlite, "a");
        Run(pg, "b");
        Assert.Equal(Ranked(sqlite), Ranked(pg));
        var id = pg.Results.FindStudy("runner-test")!.Id;
        Assert.Equal(8 * 4, pg.Results.Evaluations(id).Count);
        Assert.NotEmpty(pg.Results.Trace(id));
    }

    [Fact]
    public void A_policy_that_fails_only_against_the_real_data_is_reported_with_its_line_before_training()
    {
        // The parser checks specs on a provisional clock (100 steps per epoch: 200 steps here), where a 100-step warm-up
        // fits; this data has 40 steps per epoch, so the real run has 80 steps and the runner must reject it.
        const string text = """
            name: bad-clock
            task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 2ep}
            policies:
              - "FIX(k0=0.1)"
              - "warmup_cosine(peak_lr=0.1, warmup=100ba)"
            """;
        using var store = StudyStore.Open($"sqlite:{Path.Combine(_dir, "bad.db")}");
        var study = StudyParser.Parse(text, "bad-clock.yaml");
        var runner = new BoundRunner(new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "bad") }), study, text);
        var e = Assert.Throws<StudyFileException>(() => runner.Run());
        Assert.StartsWith("bad-clock.yaml:5: warmup_cosine(peak_lr=0.1, warmup=100ba): warmup_cosine.warmup: must be shorter than length (100 >= 80 steps)", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.Results.Studies()); // nothing registered, nothing run
    }

    /// <summary>One trial at a time with a 2 s lease and a fast poll: store outages play out in seconds.</summary>
    private BoundRunner ShortLeaseRunner(StudyStore store, string outputs) => new(new StudyRunner(store, new RunnerOptions
    {
        OutputDirectory = Path.Combine(_dir, outputs),
        Parallel = 1,
        ThreadsPerTrial = 1,
        Lease = TimeSpan.FromSeconds(2),
        Poll = TimeSpan.FromMilliseconds(300),
        WaitForOthers = true,
    }), Study, Text);

    [Fact]
    public void A_worker_outlives_its_store_going_down_while_it_writes_a_result_and_the_trial_resumes_from_its_checkpoint()
    {
        // Its own server: this test stops it. The outage starts at a trial's last step, so writing that trial's
        // result fails; the server comes back 3 s later. The worker must neither crash nor lose or repeat anything.
        using var server = new PostgresServer();
        using var store = StudyStore.Open(server.NewDatabase());
        var outage = new OutageAtLastStep(server, TimeSpan.FromSeconds(3));
        var runner = ShortLeaseRunner(store, "outage");
        StudyRunSummary summary;
        try
        {
            summary = runner.Run(outage);
        }
        finally
        {
            outage.WaitForRestart(); // never leave with the server down (or about to start in a deleted folder)
        }

        Assert.Equal(8, summary.Finished);
        Assert.Contains(TrialEnding.StoreUnreachable, outage.Ends);
        var id = store.Results.FindStudy("runner-test")!.Id;
        var trials = store.Results.Trials(id);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var hit = Assert.Single(trials, t => t.Attempts == 2); // claimed again once its lease ran out
        Assert.Equal(0, hit.Failures); // an unreachable store is not the trial's fault
        Assert.Equal(8 * 4, store.Results.Evaluations(id).Count);
    }

    [Fact]
    public void A_worker_cut_off_from_its_store_mid_trial_stops_the_trial_without_touching_its_checkpoint_and_the_trial_resumes()
    {
        // The server goes down 15 steps into the first trial and stays down until that attempt ends; the lease is 2 s
        // and the remaining 25 steps take at least 2.5 s. Cut off, the worker cannot tell a dead server from a lost
        // lease, so after 3/4 of the lease without a heartbeat it must stop the trial ("lost") and write no checkpoint,
        // because another worker may own the trial by then.
        using var server = new PostgresServer();
        using var store = StudyStore.Open(server.NewDatabase());
        var outage = new OutageMidTrial(server, atStep: 15, Path.Combine(_dir, "cut-off"));
        var runner = ShortLeaseRunner(store, "cut-off");
        var summary = runner.Run(outage);

        Assert.Equal(8, summary.Finished);
        Assert.True(outage.HitEnd == TrialEnding.Lost, $"the cut-off attempt ended '{outage.HitEnd}' at step {outage.LastStepSeen}, {outage.SecondsDown:F1} s after the server went down");
        Assert.True(outage.CheckpointStepAtEnd < outage.LastStepSeen,
            $"a checkpoint was written after the lease was presumed lost: saved step {outage.CheckpointStepAtEnd}, last step {outage.LastStepSeen}");
        var trials = store.Results.Trials(store.Results.FindStudy("runner-test")!.Id);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var hit = Assert.Single(trials, t => t.Attempts == 2);
        Assert.Equal(outage.HitTrial, hit.Id);
        Assert.Equal(0, hit.Failures);
        Assert.Equal(8 * 4, store.Results.Evaluations(hit.StudyId).Count);
    }

    /// <summary>
    /// Stops the server at one step of the first trial and starts it again when that attempt ends. While the server
    /// is down, the trial's steps are slowed to 100 ms each, so the trial outlasts three quarters of its lease.
    /// </summary>
    private sealed class OutageMidTrial(PostgresServer server, int atStep, string outputs) : IStudyObserver
    {
        private long _hit = -1;
        private Stopwatch? _down;

        public long HitTrial => Interlocked.Read(ref _hit);

        public TrialEnding? HitEnd { get; private set; }

        public long LastStepSeen { get; private set; }

        public long CheckpointStepAtEnd { get; private set; } = -1;

        public double SecondsDown { get; private set; }

        public void OnTrialStep(TrialClaim claim, StepProgress progress)
        {
            if (Interlocked.CompareExchange(ref _hit, claim.Trial.Id, -1) is var first && first != -1 && first != claim.Trial.Id) return;
            if (claim.Attempt != 1) return;
            LastStepSeen = progress.Step;
            if (progress.Step == atStep)
            {
                server.Stop();
                _down = Stopwatch.StartNew();
            }

            if (_down is not null) Thread.Sleep(100);
        }

        public void OnTrialEnd(TrialClaim claim, TrialEnding ending, LRBench.Training.Metrics.EvaluationPoint? final)
        {
            if (claim.Trial.Id != HitTrial || claim.Attempt != 1) return;
            HitEnd = ending;
            SecondsDown = _down?.Elapsed.TotalSeconds ?? 0;
            string state = Path.Combine(outputs, "trials", claim.Trial.TrialKey, "checkpoint", "state.json");
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(state));
            CheckpointStepAtEnd = json.RootElement.GetProperty("Progress").GetProperty("Step").GetInt64();
            if (_down is not null) server.Start();
        }
    }

    /// <summary>Stops the PostgreSQL server when the first trial reaches its last step, and starts it again later.</summary>
    private sealed class OutageAtLastStep(PostgresServer server, TimeSpan length) : IStudyObserver
    {
        private int _done;
        private readonly ManualResetEventSlim _restarted = new();

        public void WaitForRestart()
        {
            if (Volatile.Read(ref _done) == 1) _restarted.Wait(TimeSpan.FromSeconds(60));
        }

        public System.Collections.Concurrent.ConcurrentBag<TrialEnding> Ends { get; } = [];

        public void OnTrialEnd(TrialClaim claim, TrialEnding ending, LRBench.Training.Metrics.EvaluationPoint? final) => Ends.Add(ending);

        public void OnTrialStep(TrialClaim claim, StepProgress progress)
        {
            if (progress.Step != progress.TotalSteps || Interlocked.Exchange(ref _done, 1) == 1) return;
            server.Stop();
            new Thread(() =>
            {
                Thread.Sleep(length);
                server.Start();
                _restarted.Set();
            }).Start();
        }
    }

    /// <summary>Cancels when two trials have finished and another is 30 steps into its 80.</summary>
    private sealed class CancelMidTrial(CancellationTokenSource cancel) : IStudyObserver
    {
        private int _ended;

        public void OnTrialEnd(TrialClaim claim, TrialEnding ending, LRBench.Training.Metrics.EvaluationPoint? final) => Interlocked.Increment(ref _ended);

        public void OnTrialStep(TrialClaim claim, StepProgress progress)
        {
            if (Volatile.Read(ref _ended) >= 2 && progress.Step == 30) cancel.Cancel();
        }
    }
}
