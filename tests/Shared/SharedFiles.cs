namespace LRBench.Tests.Shared;

/// <summary>Finds the repository root and ../shared beside it (tests run from bin/...).</summary>
internal static class SharedFiles
{
    public static string? GoldenSchedules => Find("golden/schedules_reference.json");

    /// <summary>The folder holding LRBench.slnx.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LRBench.slnx"))) return dir.FullName;
            }

            throw new InvalidOperationException("LRBench.slnx not found above the test folder");
        }
    }

    public static string? Find(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", relative));
        return File.Exists(path) ? path : null;
    }
}
