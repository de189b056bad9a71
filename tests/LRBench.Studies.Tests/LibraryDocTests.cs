namespace LRBench.Studies.Tests;

/// <summary>
/// docs/library.md shows code cut from the example programs: every C# block whose first line names a file
/// (<c>// examples/...</c>) must appear in that file line for line, so the page cannot drift from code that builds.
/// </summary>
public sealed class LibraryDocTests
{
    [Fact]
    public void Every_csharp_block_of_the_library_page_is_an_excerpt_of_the_file_it_names()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryFiles.RepoRoot, "docs", "library.md")).ReplaceLineEndings("\n");
        var blocks = page.Split("```csharp\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)].TrimEnd('\n').Split('\n')).ToList();
        var excerpts = blocks.Where(b => b[0].StartsWith("// examples/", StringComparison.Ordinal)).ToList();
        Assert.True(excerpts.Count >= 6, $"only {excerpts.Count} blocks name their file");
        foreach (var block in excerpts)
        {
            string file = Path.Combine(RepositoryFiles.RepoRoot, block[0][3..]);
            Assert.True(File.Exists(file), $"{block[0]}: no such file");
            string source = File.ReadAllText(file).ReplaceLineEndings("\n");
            string excerpt = string.Join('\n', block.Skip(1));
            Assert.True(source.Contains(excerpt, StringComparison.Ordinal), $"docs/library.md's block from {block[0][3..]} is not in that file:\n{excerpt}");
        }
    }
}
