using LRBench.Studies.Model.Results;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;

namespace LRBench.Studies.Running;

/// <summary>Progress of a study, for displays.</summary>
public interface IStudyObserver
{
    /// <summary>The study starts with <paramref name="alreadyFinished"/> of <paramref name="totalTrials"/> trials already done.</summary>
    void OnStudyStart(string study, int totalTrials, int alreadyFinished)
    {
    }

    /// <summary>This process claimed a trial and starts (or resumes) it.</summary>
    void OnTrialStart(TrialClaim claim, TrainingPlan plan)
    {
    }

    /// <summary>A trial took one optimizer step.</summary>
    void OnTrialStep(TrialClaim claim, StepProgress progress)
    {
    }

    /// <summary>A trial was evaluated (for loggers and live displays).</summary>
    void OnTrialEvaluation(TrialClaim claim, EvaluationPoint point)
    {
    }

    /// <summary>An attempt at a trial ended as <paramref name="ending"/> says; <paramref name="final"/> is its last evaluation, if any.</summary>
    void OnTrialEnd(TrialClaim claim, TrialEnding ending, EvaluationPoint? final)
    {
    }

    /// <summary>A line printed by the child process running a trial (<see cref="RunnerOptions.TrialProcesses"/>).</summary>
    void OnTrialOutput(TrialClaim claim, string line)
    {
    }
}
