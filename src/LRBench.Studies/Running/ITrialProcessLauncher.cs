using LRBench.Studies.Model.Results;

namespace LRBench.Studies.Running;

/// <summary>Starts a child process that runs one claimed trial (<c>lrbench trial</c>) and waits for it.</summary>
public interface ITrialProcessLauncher
{
    /// <summary>Runs the trial and returns the child's exit code (see <see cref="TrialExitCodes"/>); every line it prints goes to <paramref name="output"/>.</summary>
    int Run(TrialClaim claim, RunnerOptions options, int threads, Action<string> output, CancellationToken cancel);
}
