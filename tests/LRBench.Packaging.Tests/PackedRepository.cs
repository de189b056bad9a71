using System.Text.RegularExpressions;

namespace LRBench.Packaging.Tests;

/// <summary>
/// The working tree copied into a temporary folder, committed to a new git repository and then left with an
/// uncommitted change, and packed there by scripts/pack.sh with a version of its own (so no NuGet cache can hold a
/// stale package of that version). Shared by the packaging tests; deleted at the end.
/// </summary>
public sealed partial class PackedRepository : IDisposable
{
    public PackedRepository()
    {
        Root = Directory.CreateTempSubdirectory("lrbench-pack-").FullName;
        CopyWorkingTree(RepositoryFiles.RepoRoot, Root);
        Command.Succeed(Root, "git", "init", "-q");
        Command.Succeed(Root, "git", "add", "-A");
        Command.Succeed(Root, "git", "-c", "user.name=LRBench tests", "-c", "user.email=tests@lrbench.invalid", "commit", "-q", "-m", "packaging test");
        File.WriteAllText(Path.Combine(Root, "UNCOMMITTED.txt"), "a change that is not committed\n");

        string suffix = "test" + Guid.NewGuid().ToString("N")[..8];
        PackOutput = Command.Succeed(Root, "bash", "scripts/pack.sh", $"-p:VersionSuffix={suffix}");
        var match = PackedVersion().Match(PackOutput);
        Assert.True(match.Success, $"scripts/pack.sh did not say the version it used:\n{PackOutput}");
        Version = match.Groups[1].Value;
        Assert.EndsWith("-" + suffix, Version);
    }

    /// <summary>The copy of the repository.</summary>
    public string Root { get; }

    /// <summary>Where scripts/pack.sh wrote the packages.</summary>
    public string Packages => Path.Combine(Root, "artifacts", "packages");

    /// <summary>The version scripts/pack.sh said it used.</summary>
    public string Version { get; }

    /// <summary>Everything scripts/pack.sh printed.</summary>
    public string PackOutput { get; }

    /// <summary>A new empty folder inside the copy, removed with it.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, ".scratch", name + "-" + Guid.NewGuid().ToString("N")[..6])).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Tracked and untracked-but-not-ignored files, as git sees the working tree; every file but build output without git.</summary>
    private static void CopyWorkingTree(string from, string to)
    {
        IEnumerable<string> files;
        if (Directory.Exists(Path.Combine(from, ".git")))
        {
            string list = Command.Succeed(from, "git", "ls-files", "--cached", "--others", "--exclude-standard");
            files = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        else
        {
            string[] skipped = ["bin", "obj", "artifacts", "TestResults", ".scratch"];
            files = Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(from, f))
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(skipped.Contains));
        }

        foreach (string relative in files)
        {
            string source = Path.Combine(from, relative);
            if (!File.Exists(source)) continue; // deleted in the working tree but not yet in the index
            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(source));
        }
    }

    [GeneratedRegex(@"^pack: version (\S+) ", RegexOptions.Multiline)]
    private static partial Regex PackedVersion();
}
