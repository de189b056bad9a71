namespace LRBench.Training.Engine;

/// <summary>Progress after one optimizer step.</summary>
public readonly record struct StepProgress(long Step, long TotalSteps, double Epoch, double Loss, double LearningRate, double SamplesPerSecond, double WallSeconds);
