using Xunit.Abstractions;

namespace LRBench.Architecture.Tests;

public sealed class FolderGraphReport(ITestOutputHelper output)
{
    [Fact]
    public void Prints_every_projects_folder_graph()
    {
        foreach (var project in ProjectGraphs.Projects)
        {
            var graph = ProjectGraphs.Of(project);
            Assert.NotEmpty(graph.Folders);
            output.WriteLine(graph.Describe());
            if (Environment.GetEnvironmentVariable("LRBENCH_EDGE_REASONS") == project)
                foreach (var line in FolderGraph.EdgeReasons(ProjectGraphs.Architecture, project)) output.WriteLine("    " + line);
        }
    }
}
