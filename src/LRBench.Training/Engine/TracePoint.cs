namespace LRBench.Training.Engine;

/// <summary>One sample of the training trace: the LR used at a step and that step's mini-batch loss.</summary>
public readonly record struct TracePoint(long Step, double LearningRate, double Loss);
