using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Suites;

namespace LRBench.Studies.Definition;

/// <summary>
/// Reads suite files (YAML or JSON): a name, the workloads (each a task, or a study file whose task it takes), and
/// the policies, seeds, methods and range test every workload shares. Every workload's study is checked as a study
/// file would be. The format is documented in docs/suites.md.
/// </summary>
public static class SuiteParser
{
    /// <summary>Reads and checks a suite file; throws <see cref="StudyFileException"/> with the file and line of the first problem.</summary>
    public static SuiteDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new StudyFileException($"{path}: suite file not found");
        long bytes = new FileInfo(path).Length;
        if (bytes > 4L * YamlLimits.MaxCharacters)
            throw new StudyFileException($"{path}: the file is {bytes} bytes long; a suite file may have at most {YamlLimits.MaxCharacters} characters");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and checks suite text; <paramref name="source"/> names it in errors, and relative paths resolve against its folder.</summary>
    public static SuiteDefinition Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        return StudyParser.ParseSuite(text, source);
    }

    /// <summary>
    /// The suite a store recorded (<see cref="SuiteRecord"/>), its workloads' studies read from the texts kept with it,
    /// checked as stored studies are; throws <see cref="StudyFileException"/> naming <paramref name="source"/> and the
    /// workload when a text is not a study of the workload's name.
    /// </summary>
    public static SuiteDefinition FromRecord(SuiteRecord record, string source)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(source);
        var workloads = record.Workloads.Select(w =>
        {
            string where = $"{source}: suite {record.Name}, workload {w.Name}";
            var study = StudyParser.ParseStored(w.StudyText, where);
            if (study.Name != w.Study) throw new StudyFileException($"{where}: its study is named '{study.Name}', not '{w.Study}'");
            return new SuiteWorkload(w.Name, study, w.StudyText, w.Target);
        }).ToList();
        return new SuiteDefinition { Name = record.Name, Workloads = workloads, Policies = record.Policies, TargetOfBest = record.TargetOfBest, TauMax = record.TauMax };
    }
}
