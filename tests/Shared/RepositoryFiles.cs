namespace LRBench.Tests.Shared;

/// <summary>
/// Files of the repository that tests read (tests run from bin/...): the root, and the reference data in
/// tests/golden. A missing file is a failure that names it, never a reason to skip.
/// </summary>
internal static class RepositoryFiles
{
    /// <summary>PyTorch's, timm's and transformers' schedules, step by step (tests/golden/README.md).</summary>
    public static string GoldenSchedules => Golden("schedules_reference.json");

    /// <summary>The original AutoWU code's GP fits and warm-up trajectories (tests/golden/README.md).</summary>
    public static string GoldenAutoWu => Golden("autowu_reference.json");

    /// <summary>Schedule-Free SGD and AdamW trajectories recorded with the authors' package (tests/golden/README.md).</summary>
    public static string GoldenScheduleFree => Golden("schedulefree_reference.json");

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

    /// <summary>The path of tests/golden/<paramref name="name"/>; throws, naming the path, when it is absent.</summary>
    public static string Golden(string name)
    {
        string path = Path.Combine(RepoRoot, "tests", "golden", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"reference data {path} is missing (see tests/golden/README.md)", path);
    }
}
