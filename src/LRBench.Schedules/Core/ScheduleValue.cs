namespace LRBench.Schedules;

/// <summary>The values a policy sets for one optimizer step.</summary>
public readonly record struct ScheduleValue(double LearningRate, double? Momentum);
