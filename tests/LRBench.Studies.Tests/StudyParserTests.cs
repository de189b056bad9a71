using LRBench.Schedules;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Tests;

public sealed class StudyParserTests
{
    private const string Good = """
        name: fmnist-lenet
        task:
          dataset: fashion-mnist
          model: lenet5
          optimizer: {name: sgd, momentum: 0.9, nesterov: true, weight_decay: 5e-4}
          batch_size: 100
          budget: 2ep
          evaluate_every: 0.5ep
        seeds: [0, 1, 2]
        target_accuracy: 0.85
        methods:
          - baseline
          - {name: smooth, label_smoothing: 0.1}
        policies:
          - "FIX(k0=0.01)"
          - spec: "warmup_cosine(peak_lr=0.05, warmup=1ep)"
            label: warm-up + cosine
          - policy: TRI2
            params: {l: 0.5ep}
            grid: {k0: [0.001, 0.005], k1: [0.05, 0.1, 0.2]}
        """;

    [Fact]
    public void A_study_expands_its_grid_methods_and_seeds()
    {
        var s = StudyParser.Parse(Good, "s.yaml");
        Assert.Equal("fmnist-lenet", s.Name);
        Assert.Equal(Duration.Epochs(2), s.Task.Budget);
        Assert.True(s.Task.Optimizer.Nesterov);
        Assert.Equal(5e-4, s.Task.Optimizer.WeightDecay);
        Assert.Equal(8, s.Policies.Count); // 1 + 1 + 2 x 3
        Assert.Equal("TRI2(l=0.5ep, k0=0.001, k1=0.05)", s.Policies[2].SpecText);
        Assert.Equal("TRI2 k0=0.001 k1=0.05", s.Policies[2].Label);
        Assert.Equal("0.2", s.Policies[^1].Parameters["k1"]);
        Assert.Equal("warm-up + cosine", s.Policies[1].Label);
        Assert.Equal("warmup_cosine", s.Policies[1].Function);
        Assert.Equal(8 * 2 * 3, s.Trials().Count);
        Assert.Equal(s.Trials().Count, s.Trials().Select(t => t.Key).Distinct().Count());
        Assert.Equal(s.Trials().Select(t => t.Key), StudyParser.Parse(Good, "s.yaml").Trials().Select(t => t.Key)); // stable keys
        Assert.Equal(0.1, s.Methods[1].LabelSmoothing);
    }

    [Fact]
    public void The_json_form_reads_the_same()
    {
        const string json = """
            {"name": "j", "task": {"dataset": "synthetic", "model": "mlp", "budget": "100ba"},
             "policies": [{"policy": "STEP", "params": {"k0": 0.1, "gamma": 0.5}, "grid": {"l": [10, 20]}}]}
            """;
        var s = StudyParser.Parse(json, "s.json");
        Assert.Equal(["STEP(k0=0.1, gamma=0.5, l=10)", "STEP(k0=0.1, gamma=0.5, l=20)"], s.Policies.Select(p => p.SpecText));
        Assert.Equal([0L], s.Seeds);
        Assert.Equal(Duration.Steps(100), s.Task.Budget);
    }

    [Theory]
    [InlineData("name: x\ntask: {model: lenet5}\npolicies: [\"FIX(k0=0.1)\"]\ncolour: red", "s.yaml:4: study: unknown key 'colour'; allowed: name, task, policies")]
    [InlineData("name: x\ntask: {model: lenet5}\npolicies:\n  - \"TRX(k0=0.1)\"", "s.yaml:4: policies[0]: TRX(k0=0.1): unknown policy 'TRX'")]
    [InlineData("name: x\ntask: {model: lenet5}\npolicies:\n  - policy: TRI2\n    grid: {k0: [0.1], k1: [0.2], l: [-3]}", "s.yaml:4: policies[0]: TRI2(k0=0.1, k1=0.2, l=-3): TRI2.l: must be > 0")]
    [InlineData("name: x\ntask: {model: lenet5, dataset: imagenet}\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:2: task.dataset: unknown data set 'imagenet'; known: fashion-mnist")]
    [InlineData("name: x\ntask:\n  model: vgg16\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:3: task.model: unknown model 'vgg16'")]
    [InlineData("name: x\ntask: {model: lenet5, budget: soon}\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:2: task.budget: 'soon' is not a positive duration")]
    [InlineData("name: x\ntask: {model: lenet5\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml: not valid YAML or JSON (an unclosed { or [ ?)")]
    [InlineData("name: x\ntask: {model: lenet5}\npolicies:\n  - \"FIX(k0=0.1)\"\n   bad: [", "s.yaml:5: not valid YAML or JSON")]
    [InlineData("name: x\ntask: {model: lenet5}\nseeds: [1, 1]\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:3: seeds: lists a seed twice")]
    [InlineData("name: x\ntask: {model: lenet5}\npolicies: []", "s.yaml:3: policies: is empty")]
    [InlineData("name: x y\ntask: {model: lenet5}\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:1: name: must be 1 to 100 letters, digits")]
    [InlineData("name: ..\ntask: {model: lenet5}\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:1: name: must be 1 to 100 letters, digits, '-', '_' or '.', not starting with '.'")]
    [InlineData("name: a.\ntask: {model: lenet5}\ntarget_accuracy: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:3: nested deeper than 64 levels")]
    [InlineData("name: laughs\ntask: {model: lenet5}\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:7: the file stands for more than 100000 values once its aliases are expanded")]
    [InlineData("name: x\ntask: {model: lenet5, optimizer: {name: sgd, momentum: 1.5}}\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:2: task.optimizer: momentum must be in [0, 1), got 1.5")]
    [InlineData("name: x\ntask: {model: lenet5}\ntarget_accuracy: 90\npolicies: [\"FIX(k0=0.1)\"]", "s.yaml:3: target_accuracy: must be a top-1 accuracy in (0, 1], got 90")]
    public void Bad_study_files_are_rejected_with_file_line_and_reason(string text, string expected)
    {
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(text, "s.yaml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_policy_name_gets_a_suggestion()
    {
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse("name: x\ntask: {model: lenet5}\npolicies:\n  - policy: SINEX\n    params: {k0: 0.1}", "s.yaml"));
        Assert.Contains("SINEXP", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_study_files_in_the_repository_are_valid()
    {
        string dir = Path.Combine(RepositoryFiles.RepoRoot, "examples", "studies");
        var files = Directory.GetFiles(dir, "*.yaml").Concat(Directory.GetFiles(dir, "*.json")).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f =>
        {
            var study = StudyParser.Load(f);
            Assert.NotEmpty((study.NeedsRangeTest ? study.Resolve(RangePlaceholders.Provisional) : study).Trials());
        });
    }
}

public sealed class RangePlaceholderTests
{
    private const string Text = """
        name: rt
        task: {dataset: synthetic, model: "mlp:8", budget: 2ep}
        range_test: {steps: 40, start: 1e-4, end: 10}
        policies:
          - policy: TRI2
            params: {l: 10}
            grid: {k0: [$k0, $k0*10], k1: [$k1]}
          - "FIX(k0=$high/4)"
        """;

    [Fact]
    public void Placeholders_are_checked_with_plausible_values_and_filled_from_the_range_test()
    {
        var s = StudyParser.Parse(Text, "rt.yaml");
        Assert.True(s.NeedsRangeTest);
        Assert.Equal(new StudyRangeTest(40, 1e-4, 10, false), s.RangeTest);
        Assert.Equal("TRI2(l=10, k0=$k0*10, k1=$k1)", s.Policies[1].SpecText);
        var resolved = s.Resolve(new Dictionary<string, double> { ["k0"] = 0.0003, ["k1"] = 0.046, ["high"] = 0.2 });
        Assert.False(resolved.NeedsRangeTest);
        Assert.Equal(["TRI2(l=10, k0=0.0003, k1=0.046)", "TRI2(l=10, k0=0.003, k1=0.046)", "FIX(k0=0.05)"], resolved.Policies.Select(p => p.SpecText));
        Assert.Equal("TRI2 k0=0.003 k1=0.046", resolved.Policies[1].Label);
        Assert.Equal("0.003", resolved.Policies[1].Parameters["k0"]);
    }

    [Fact]
    public void Placeholders_need_a_range_test_and_a_known_name()
    {
        var none = Assert.Throws<StudyFileException>(() => StudyParser.Parse(Text.Replace("range_test: {steps: 40, start: 1e-4, end: 10}\n", "", StringComparison.Ordinal), "rt.yaml"));
        Assert.Contains("uses range-test values ($k0, $k1, ...) but the study has no range_test", none.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<StudyFileException>(() => StudyParser.Parse(Text.Replace("$high/4", "$peak", StringComparison.Ordinal), "rt.yaml"));
        Assert.Contains("$peak is not a range-test value; known: $k0, $k1", unknown.Message, StringComparison.Ordinal);
        Assert.StartsWith("rt.yaml:8:", unknown.Message, StringComparison.Ordinal);
    }
}
