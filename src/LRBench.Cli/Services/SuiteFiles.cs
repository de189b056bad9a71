using LRBench.Cli.Invocation;
using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Suites;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Services;

/// <summary>Suite files as the <c>suite</c> commands read them: loading, default places, and the store's results per workload.</summary>
internal static class SuiteFiles
{
    internal static SuiteDefinition Load(string path)
    {
        try
        {
            return SuiteParser.Load(path);
        }
        catch (StudyFileException e)
        {
            throw new UserInputException(e.Message);
        }
    }

    /// <summary>The default store (NAME.db next to the suite file) and outputs folder (NAME-runs, one folder per workload in it).</summary>
    internal static (StoreLocation Store, string Outputs) Defaults(SuiteDefinition suite)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(suite.SourcePath ?? ".")) ?? ".";
        return (StoreLocation.Sqlite(Path.Combine(dir, suite.Name + ".db")), Path.Combine(dir, suite.Name + "-runs"));
    }

    /// <summary>What the store holds for each workload, in the suite's order (a workload not submitted yet has no results).</summary>
    internal static IReadOnlyList<SuiteWorkloadResults> Read(StudyStore store, SuiteDefinition suite)
    {
        var found = new List<SuiteWorkloadResults>();
        var tasks = store.Results.Tasks();
        foreach (var w in suite.Workloads)
        {
            var row = store.Results.FindStudy(w.Study.Name);
            if (row is null)
            {
                found.Add(new SuiteWorkloadResults(w, null, null));
                continue;
            }

            var values = store.Results.RangeTest(row.Id)?.PlaceholderValues();
            var results = store.Results.Load(row);
            long? taskId = results.Trials.FirstOrDefault(t => t.TaskId is not null)?.TaskId;
            found.Add(new SuiteWorkloadResults(w, results, values) { Task = tasks.FirstOrDefault(t => t.Id == taskId) });
        }

        return found;
    }
}
