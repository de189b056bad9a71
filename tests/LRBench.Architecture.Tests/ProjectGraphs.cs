using ArchUnitNET.Loader;

namespace LRBench.Architecture.Tests;

/// <summary>The compiled libraries and the tool, loaded once for every rule.</summary>
public static class ProjectGraphs
{
    public static readonly string[] Projects =
    [
        "LRBench.Schedules", "LRBench.Adaptive", "LRBench.Training", "LRBench.Reporting", "LRBench.Studies", "LRBench.Cli",
    ];

    public static readonly ArchUnitNET.Domain.Architecture Architecture = new ArchLoader()
        .LoadAssemblies(
            typeof(LRBench.Schedules.Schedule).Assembly,
            typeof(LRBench.Adaptive.AutoWu).Assembly,
            typeof(LRBench.Training.Engine.Trainer).Assembly,
            typeof(LRBench.Reporting.LineChart).Assembly,
            typeof(LRBench.Studies.Storage.StudyStore).Assembly,
            typeof(LRBench.Cli.LRBenchCli).Assembly)
        .Build();

    public static FolderGraph Of(string project) => FolderGraph.Of(Architecture, project);
}
