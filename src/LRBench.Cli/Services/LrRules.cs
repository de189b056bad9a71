using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Storage;

namespace LRBench.Cli.Services;

/// <summary>
/// For a stored study that took its LRs from a range test: each trial key's spec as the study file wrote it
/// (<c>TRI2(k0=$k0, k1=$k1, l=0.1dur)</c>). The study's text is read back from the store like any input: text that
/// does not parse, or a study without a range test, gives no rules.
/// </summary>
internal static class LrRules
{
    public static IReadOnlyDictionary<string, string> Of(StudyStore store, long studyId)
    {
        var row = store.Results.Study(studyId);
        if (row is null || row.IsTradeoff) return new Dictionary<string, string>();
        StudyDefinition definition;
        try
        {
            definition = StudyParser.ParseStored(row.Definition, row.Name);
        }
        catch (StudyFileException)
        {
            return new Dictionary<string, string>(); // a study built in code (stored as JSON) or by an older version
        }

        if (!definition.NeedsRangeTest || store.Results.RangeTest(studyId)?.PlaceholderValues() is not { } values) return new Dictionary<string, string>();
        var resolved = definition.Resolve(values).Trials();
        int perPolicy = definition.Methods.Count * definition.Seeds.Count;
        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int k = 0; k < resolved.Count; k++)
        {
            var written = definition.Policies[k / perPolicy];
            if (RangePlaceholders.Uses(written.Policy)) rules[resolved[k].Key] = written.SpecText;
        }

        return rules;
    }
}
