namespace LRBench.Training.Engine;

/// <summary>The shape of a run, known before it starts.</summary>
public sealed record TrainingPlan(
    string Dataset, string Model, long ParameterCount, int TrainSamples, int EvaluationSamples, string EvaluationName,
    int BatchSize, long StepsPerEpoch, long TotalSteps, double EvaluationInterval, long StartStep, string Policy);
