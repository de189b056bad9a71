using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace LRBench.Architecture.Tests;

/// <summary>The layers the folders promise, kept by the compiled code: an arrow that points back fails here.</summary>
public sealed class LayerRulesTests
{
    public static TheoryData<string> StudiesFolders() => [.. LayerRules.Studies.Select(r => r.Folder)];

    [Theory]
    [MemberData(nameof(StudiesFolders))]
    public void A_studies_folder_uses_only_the_folders_below_it(string folder)
    {
        var rule = LayerRules.Studies.Single(r => r.Folder == folder);
        var forbidden = LayerRules.Studies.Select(r => r.Folder).Where(f => f != folder && !rule.MayUse.Contains(f)).ToList();
        foreach (var other in forbidden)
        {
            Types().That().ResideInNamespaceOrBelow($"{LayerRules.Project}.{folder}")
                .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow($"{LayerRules.Project}.{other}"))
                .Because($"{folder} may use only {string.Join(", ", rule.MayUse.DefaultIfEmpty("nothing in Studies"))} (LayerRules)")
                .Check(ProjectGraphs.Architecture);
        }
    }

    [Fact]
    public void Every_studies_folder_has_a_rule()
    {
        var graph = ProjectGraphs.Of(LayerRules.Project);
        Assert.Equal(graph.Folders.Order(StringComparer.Ordinal), LayerRules.Studies.Select(r => r.Folder).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Projects() => [.. ProjectGraphs.Projects];

    [Theory]
    [MemberData(nameof(Projects))]
    public void No_project_has_a_dependency_cycle_between_its_folders_beyond_the_named_ones(string project)
    {
        var cycles = ProjectGraphs.Of(project).Cycles().Select(c => "{" + string.Join(", ", c) + "}").Order(StringComparer.Ordinal);
        Assert.Equal(LayerRules.AllowedCycles[project].Order(StringComparer.Ordinal), cycles);
    }

    [Fact]
    public void The_studies_folders_are_free_of_cycles_by_ArchUnitNETs_slice_rule_too() =>
        ArchUnitNET.Fluent.Slices.SliceRuleDefinition.Slices().Matching("LRBench.Studies.(*)..").Should().BeFreeOfCycles().Check(ProjectGraphs.Architecture);

    [Fact]
    public void Docs_architecture_md_shows_the_rules_this_test_enforces()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryFiles.RepoRoot, "docs", "architecture.md"));
        var lines = doc.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int start = lines.IndexOf(LayerRules.MarkdownTable()[0]);
        Assert.True(start >= 0, "docs/architecture.md has no layer table; paste LayerRules.MarkdownTable() into it");
        Assert.Equal(LayerRules.MarkdownTable(), lines.Skip(start).Take(LayerRules.MarkdownTable().Count));
    }
}
