using System.Globalization;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Suites;
using LRBench.Training.Data;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Suite files: each workload becomes a study built from the suite's shared keys and the workload's task.</summary>
public static partial class StudyParser
{
    private static readonly string[] SuiteKeys = ["name", "workloads", "policies", "seeds", "methods", "range_test", "target_of_best", "tau_max"];
    private static readonly string[] WorkloadKeys = ["name", "task", "study", "target", "range_test"];

    /// <summary>Reads and checks suite text; <paramref name="source"/> names it in errors, and workloads' study paths resolve against its folder.</summary>
    internal static SuiteDefinition ParseSuite(string text, string source)
    {
        YamlLimits.Check(text, source);
        var root = LoadRoot(text, source);
        var r = new Reader(source);
        r.Keys(root, SuiteKeys, "suite");
        string name = r.String(r.Required(root, "name", "suite"), "name");
        if (!StudyName.IsValid(name) || name.Contains('.', StringComparison.Ordinal) || name.Length > StudyName.MaxLength / 2)
            throw r.Error(root["name"], "name", $"must be 1 to {StudyName.MaxLength / 2} letters, digits, '-' or '_' (with a workload's name it names that workload's study)");

        double targetOfBest = r.OptionalDouble(root, "target_of_best", "suite") ?? SuiteDefinition.DefaultTargetOfBest;
        if (!(targetOfBest > 0 && targetOfBest <= 1))
            throw r.Error(root["target_of_best"], "target_of_best", $"must be a fraction in (0, 1] of the best policy's score, got {targetOfBest}");
        double tauMax = r.OptionalDouble(root, "tau_max", "suite") ?? SuiteDefinition.DefaultTauMax;
        if (!(tauMax > 1 && tauMax <= 1000))
            throw r.Error(root["tau_max"], "tau_max", $"must be above 1 and at most 1000 (AlgoPerf uses 4), got {tauMax}");

        var workloadNodes = r.Sequence(r.Required(root, "workloads", "suite"), "workloads");
        if (workloadNodes.Children.Count == 0) throw r.Error(workloadNodes, "workloads", "is empty; a suite needs at least one workload");
        r.Required(root, "policies", "suite");

        var workloads = new List<SuiteWorkload>();
        foreach (var (node, i) in workloadNodes.Select((n, i) => (n, i)))
        {
            var workload = ReadWorkload(r, r.Mapping(node, $"workloads[{i}]"), $"workloads[{i}]", root, name, source);
            if (workloads.Any(w => w.Name == workload.Name))
                throw r.Error(node, $"workloads[{i}].name", $"'{workload.Name}' is the name of an earlier workload; each needs its own");
            workloads.Add(workload);
        }

        // The i-th policy must be the same entry on every workload: entries that expand differently (searches) are refused.
        var first = workloads[0].Study;
        if (first.Searches.Count > 0)
            throw r.Error(root["policies"], "policies", "a suite compares fixed policies on every workload; a search proposes different settings on each (search inside a study instead)");
        return new SuiteDefinition
        {
            Name = name,
            Workloads = workloads,
            Policies = [.. first.Policies.Select(p => p.Label)],
            TargetOfBest = targetOfBest,
            TauMax = tauMax,
            SourcePath = source,
        };
    }

    private static SuiteWorkload ReadWorkload(Reader r, YamlMappingNode m, string where, YamlMappingNode suite, string suiteName, string source)
    {
        r.Keys(m, WorkloadKeys, where);
        string name = r.String(r.Required(m, "name", where), where + ".name");
        string studyName = SuiteDefinition.StudyNameOf(suiteName, name);
        if (!StudyName.IsValid(name) || name.Contains('.', StringComparison.Ordinal) || !StudyName.IsValid(studyName))
            throw r.Error(m["name"], where + ".name", $"must be letters, digits, '-' or '_', at most {StudyName.MaxLength - suiteName.Length - 1} of them (it names the study {suiteName}.NAME)");

        bool hasTask = m.Children.TryGetValue(new YamlScalarNode("task"), out var taskNode);
        bool hasStudy = m.Children.TryGetValue(new YamlScalarNode("study"), out var studyNode);
        if (hasTask == hasStudy)
            throw r.Error(m, where, "give either task (the workload's task, as in a study file) or study (a study file whose task it takes), exactly one");

        TaskDefinition task;
        YamlMappingNode taskMapping;
        double? fileTarget = null;
        if (hasTask)
        {
            taskMapping = r.Mapping(taskNode!, where + ".task");
            task = ReadTask(r, taskMapping, checkDataDirectory: true);
        }
        else
        {
            string relative = r.String(studyNode!, where + ".study");
            string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".", relative));
            if (!File.Exists(path)) throw r.Error(studyNode!, where + ".study", $"no study file '{relative}' (paths are relative to the suite file's folder)");
            if (new FileInfo(path).Length > 4L * YamlLimits.MaxCharacters)
                throw r.Error(studyNode!, where + ".study", $"'{relative}' is larger than a study file may be ({YamlLimits.MaxCharacters} characters)");
            string text = File.ReadAllText(path);
            YamlLimits.Check(text, path);
            var other = LoadRoot(text, path);
            var otherReader = new Reader(path);
            taskMapping = otherReader.Mapping(otherReader.Required(other, "task", "study"), "task");
            task = ReadTask(otherReader, taskMapping, checkDataDirectory: true);
            fileTarget = ReadTarget(otherReader, other);
        }

        bool isText = DataCatalogue.IsText(task.Data.Dataset);
        double? target = fileTarget;
        if (m.Children.TryGetValue(new YamlScalarNode("target"), out var targetNode))
        {
            target = r.Double(targetNode, where + ".target");
            if (!isText && !(target > 0 && target <= 1))
                throw r.Error(targetNode, where + ".target", $"must be a top-1 accuracy in (0, 1] for a classification task, got {target}");
            if (isText && !(target > 0))
                throw r.Error(targetNode, where + ".target", $"must be a positive value of the task's metric (bits per character for fortunes), got {target}");
        }

        // The workload's study, as one mapping: the suite's shared keys, the workload's task and range test.
        var study = new YamlMappingNode { { "name", studyName }, { "task", taskMapping } };
        foreach (string key in new[] { "seeds", "methods" })
        {
            if (suite.Children.TryGetValue(new YamlScalarNode(key), out var shared)) study.Add(key, shared);
        }

        if (!isText && target is double accuracy) study.Add("target_accuracy", accuracy.ToString("R", CultureInfo.InvariantCulture));
        if (m.Children.TryGetValue(new YamlScalarNode("range_test"), out var ownRange)) study.Add("range_test", ownRange);
        else if (suite.Children.TryGetValue(new YamlScalarNode("range_test"), out var sharedRange)) study.Add("range_test", sharedRange);
        study.Add("policies", suite["policies"]);

        StudyDefinition definition;
        try
        {
            definition = FromRoot(r, study, studyName, task, source);
        }
        catch (StudyFileException e)
        {
            // The shared keys are checked against each workload's task: say which one refused them.
            throw new StudyFileException($"{e.Message} (on workload '{name}')", e);
        }
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(study)).Save(writer, assignAnchors: false);
        return new SuiteWorkload(name, definition, writer.ToString(), target);
    }
}
