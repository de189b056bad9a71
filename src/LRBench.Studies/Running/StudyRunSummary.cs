using System.Diagnostics;
using System.Globalization;
using LRBench.Studies.Definition;
using LRBench.Studies.Storage;
using LRBench.Training.Data;
using LRBench.Training.Engine;
using LRBench.Training.Metrics;

namespace LRBench.Studies.Running;

/// <summary>What a run of <see cref="StudyRunner.Run"/> did.</summary>
public sealed record StudyRunSummary(int Trials, int Finished, int RanNow, int Failed, bool Interrupted);
