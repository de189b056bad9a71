namespace LRBench.Tests.Shared;

/// <summary>Finds ../shared beside the repository root (tests run from bin/...).</summary>
internal static class SharedFiles
{
    public static string? GoldenSchedules => Find("golden/schedules_reference.json");

    public static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LRBench.slnx")))
            {
                string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", relative));
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
