using System.Globalization;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Running;

/// <summary>Trials in child processes (<see cref="RunnerOptions.TrialProcesses"/>): the child's entry and the parent's side.</summary>
public sealed partial class StudyRunner
{
    /// <summary>
    /// Runs a claimed trial in this process on behalf of a parent worker (<c>lrbench trial</c>): the child side of
    /// <see cref="RunnerOptions.TrialProcesses"/>. It heartbeats, trains, and writes the result itself; the exit code
    /// tells the parent what happened (<see cref="TrialExitCodes"/>).
    /// </summary>
    public int RunClaimed(TrialClaim claim, int threads, IStudyObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return RunTrial(claim, threads, observer ?? new NullObserver(), cancel) switch
        {
            TrialOutcome.Finished => TrialExitCodes.Finished,
            TrialOutcome.Lost => TrialExitCodes.Lost,
            TrialOutcome.Released or TrialOutcome.NotReady => TrialExitCodes.Released,
            TrialOutcome.WorkerFailed => TrialExitCodes.WorkerFailed,
            TrialOutcome.Paused => TrialExitCodes.Paused,
            _ => TrialExitCodes.Failed,
        };
    }

    /// <summary>The parent side: starts the child, forwards what it prints, and records a crash as one failure.</summary>
    private TrialOutcome RunTrialProcess(ITrialProcessLauncher launcher, TrialClaim claim, int threads, IStudyObserver observer, CancellationToken cancel)
    {
        var tail = new Queue<string>();
        int code = launcher.Run(claim, _options, threads, line =>
        {
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 5) tail.Dequeue();
            }

            observer.OnTrialOutput(claim, line);
        }, cancel);
        switch (code)
        {
            case TrialExitCodes.Finished:
                observer.OnTrialEnd(claim, TrialEndingText.Of(_store.Results.Trial(claim.Trial.Id)?.Status ?? TrialStatus.Completed), null);
                return TrialOutcome.Finished;
            case TrialExitCodes.Paused:
                observer.OnTrialEnd(claim, TrialEnding.Paused, null);
                return TrialOutcome.Paused;
            case TrialExitCodes.Lost:
                observer.OnTrialEnd(claim, TrialEnding.Lost, null);
                return TrialOutcome.Lost;
            case TrialExitCodes.Released:
                _store.Queue.Release(claim); // a no-op when the child already gave it back
                observer.OnTrialEnd(claim, TrialEnding.Interrupted, null);
                return TrialOutcome.Released;
            case TrialExitCodes.Failed:
                observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
                return TrialOutcome.Failed;
            case TrialExitCodes.WorkerFailed:
                _store.Queue.Release(claim); // a no-op when the child already gave it back
                lock (tail) _lastEnvironmentProblem = WorkerEnvironment.Problem(_options) ?? $"a trial's process found this worker's environment broken: {string.Join(" | ", tail)}";
                observer.OnTrialEnd(claim, TrialEnding.WorkerFailed, null);
                return TrialOutcome.WorkerFailed;
            default:
                // The process died without a word to the store (killed, crashed): one failure; the checkpoint stays.
                string last;
                lock (tail) last = string.Join(" | ", tail);
                string reason = string.Create(CultureInfo.InvariantCulture, $"the trial's process exited with code {code}");
                _store.Queue.Fail(claim, last.Length > 0 ? $"{reason}; its last output: {last}" : reason, _options.MaxFailures);
                observer.OnTrialEnd(claim, StatusAfterFailure(claim), null);
                return TrialOutcome.Failed;
        }
    }
}
