using LRBench.Studies.Analysis;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Suites;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>Suite files and the scores across workloads, on hand-made results whose numbers are worked out by hand.</summary>
public sealed class SuiteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-suite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Task = "{dataset: synthetic, model: 'mlp:8', optimizer: {name: sgd}, batch_size: 50, budget: 2ep, evaluate_every: 0.5ep}";

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private SuiteDefinition TwoWorkloads() => SuiteParser.Load(Write("s.yaml", $"""
        name: s
        seeds: [0, 1, 2]
        target_of_best: 0.9
        workloads:
          - name: a
            task: {Task}
          - name: b
            task: {Task}
            target: 0.9
        policies:
          - "FIX(k0=0.01)"
          - "FIX(k0=0.1)"
          - "EXP(k0=0.1, gamma=0.99)"
        """));

    [Fact]
    public void A_suite_file_makes_one_study_per_workload_from_the_shared_keys()
    {
        Write("one.yaml", $"name: one\ntask: {Task}\ntarget_accuracy: 0.8\npolicies: [\"FIX(k0=0.5)\"]\n");
        var suite = SuiteParser.Load(Write("s.yaml", $$"""
            name: s
            seeds: [3, 4]
            range_test: {steps: 30}
            workloads:
              - name: from-file
                study: one.yaml
              - name: inline
                task: {{Task}}
                range_test: {steps: 50}
            policies:
              - "FIX(k0=$minimum)"
              - spec: "TRI2(k0=$k0, k1=$k1, l=0.5ep)"
                label: TRI2 from the range test
            """));

        Assert.Equal(["from-file", "inline"], suite.Workloads.Select(w => w.Name));
        Assert.Equal(["s.from-file", "s.inline"], suite.Workloads.Select(w => w.Study.Name));
        Assert.Equal(["FIX(k0=$minimum)", "TRI2 from the range test"], suite.Policies);
        // The study file gives its task and its target; its own policies are not the suite's.
        Assert.Equal(0.8, suite.Workloads[0].Target);
        Assert.Equal(0.8, suite.Workloads[0].Study.TargetAccuracy);
        Assert.Null(suite.Workloads[1].Target);
        Assert.Equal(30, suite.Workloads[0].Study.RangeTest!.Steps);
        Assert.Equal(50, suite.Workloads[1].Study.RangeTest!.Steps);
        Assert.All(suite.Workloads, w => Assert.Equal([3L, 4L], w.Study.Seeds));
        Assert.All(suite.Workloads, w => Assert.Equal(2, w.Study.Policies.Count));
        Assert.Equal(SuiteDefinition.DefaultTargetOfBest, suite.TargetOfBest);
    }

    [Fact]
    public void The_example_suites_in_the_repository_are_valid()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryFiles.RepoRoot, "examples", "suites"), "*.yaml");
        Assert.NotEmpty(files);
        Assert.All(files, f =>
        {
            var suite = SuiteParser.Load(f);
            Assert.All(suite.Workloads, w => Assert.Equal(suite.Policies.Count * w.Study.Seeds.Count,
                (w.Study.NeedsRangeTest ? w.Study.Resolve(RangePlaceholders.Provisional) : w.Study).Trials().Count));
        });
    }

    [Fact]
    public void Each_workload_s_study_text_is_a_study_file_of_the_same_trials()
    {
        foreach (var w in TwoWorkloads().Workloads)
        {
            var again = StudyParser.Parse(w.StudyText, Path.Combine(_dir, "again.yaml"));
            Assert.Equal(w.Study.Name, again.Name);
            Assert.Equal(w.Study.Trials().Select(t => t.Key), again.Trials().Select(t => t.Key));
            Assert.Equal(w.Study.TargetAccuracy, again.TargetAccuracy);
        }
    }

    [Theory]
    [InlineData("name: a.b", "name: must be")]
    [InlineData("workloads:\n  - name: x\n    task: {T}\n    study: one.yaml", "workloads[0]: give either task")]
    [InlineData("workloads:\n  - name: x\n    task: {T}\n  - name: x\n    task: {T}", "workloads[1].name: 'x' is the name of an earlier workload")]
    [InlineData("workloads:\n  - name: x\n    task: {T}\n    target: 1.5", "workloads[0].target: must be a top-1 accuracy in (0, 1]")]
    [InlineData("workloads:\n  - name: x\n    study: missing.yaml", "workloads[0].study: no study file 'missing.yaml'")]
    [InlineData("workloads:\n  - name: x\n    task: {T}\n    color: red", "workloads[0]: unknown key 'color'")]
    [InlineData("target_of_best: 1.2", "target_of_best: must be a fraction in (0, 1]")]
    [InlineData("workloads: []", "workloads: is empty")]
    public void Bad_suites_are_refused_with_the_line_and_what_is_allowed(string change, string expected)
    {
        var keys = new Dictionary<string, string>
        {
            ["name"] = "name: s",
            ["workloads"] = "workloads:\n  - name: x\n    task: {T}",
            ["target_of_best"] = "",
            ["policies"] = "policies: [\"FIX(k0=0.1)\"]",
        };
        string key = change.Split(':')[0];
        keys[key] = change;
        string text = string.Join("\n", keys.Values.Where(v => v.Length > 0)).Replace("{T}", Task, StringComparison.Ordinal) + "\n";
        var e = Assert.Throws<StudyFileException>(() => SuiteParser.Load(Write("bad.yaml", text)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(_dir, "bad.yaml") + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_cannot_be_a_suite_policy()
    {
        string text = $"name: s\nworkloads:\n  - name: x\n    task: {Task}\npolicies:\n  - policy: FIX\n    search: {{sampler: random, trials: 2, seed: 0, space: {{k0: {{log_uniform: [0.001, 0.1]}}}}}}\n";
        var gp = text.Replace("sampler: random", "sampler: gp", StringComparison.Ordinal).Replace("trials: 2", "trials: 4, initial: 2", StringComparison.Ordinal);
        var e = Assert.Throws<StudyFileException>(() => SuiteParser.Load(Write("search.yaml", gp)));
        Assert.Contains("a suite compares fixed policies", e.Message, StringComparison.Ordinal);
    }

    // Hand-made results. Workload a (target 0.9 x the best mean): P0 seeds reach 0.80/0.82/0.84, P1 0.90/0.92/0.94
    // (best mean 0.92, so the target is 0.828), P2 0.60. Workload b (stated target 0.9): P0 0.95 reached at step 10
    // by every seed, P1 0.93 reached at step 20, P2 has a diverged seed (and 0.97 on the others, reached at step 10).
    private static readonly (long Step, double Top1)[][][] A =
    [
        [[(10, .70), (20, .80)], [(10, .72), (20, .82)], [(10, .74), (20, .84)]],
        [[(10, .85), (20, .90)], [(10, .80), (20, .92)], [(10, .86), (20, .94)]],
        [[(10, .50), (20, .60)], [(10, .50), (20, .60)], [(10, .50), (20, .60)]],
    ];

    private static readonly (long Step, double Top1)[][][] B =
    [
        [[(10, .91), (20, .95)], [(10, .91), (20, .95)], [(10, .91), (20, .95)]],
        [[(10, .85), (20, .93)], [(10, .85), (20, .93)], [(10, .85), (20, .93)]],
        [[(10, .20)], [(10, .96), (20, .97)], [(10, .96), (20, .97)]],
    ];

    private static StudyResults Results(SuiteWorkload w, (long Step, double Top1)[][][] values, Func<int, int, TrialStatus> status)
    {
        var planned = w.Study.Trials();
        var trials = new List<TrialRow>();
        var evals = new List<EvaluationRow>();
        for (int k = 0; k < planned.Count; k++)
        {
            int p = k / 3, s = k % 3;
            var row = new TrialRow { Id = k + 1, Ordinal = k, Trial = planned[k], Status = status(p, s) };
            trials.Add(row);
            evals.AddRange(values[p][s].Select(v => new EvaluationRow { TrialId = row.Id, Step = v.Step, Top1 = v.Top1, ComputeSeconds = v.Step / 10.0, TestLoss = 1 - v.Top1 }));
        }

        return new StudyResults(new StudyRow { Id = 1, Name = w.Study.Name }, trials, evals, [], []);
    }

    [Fact]
    public void Targets_times_profiles_and_ranks_follow_their_definitions()
    {
        var suite = TwoWorkloads();
        var result = SuiteAnalysis.Analyze(suite,
        [
            new SuiteWorkloadResults(suite.Workloads[0], Results(suite.Workloads[0], A, (_, _) => TrialStatus.Completed), null),
            new SuiteWorkloadResults(suite.Workloads[1], Results(suite.Workloads[1], B, (p, s) => p == 2 && s == 0 ? TrialStatus.Diverged : TrialStatus.Completed), null),
        ]);

        var a = result.Workloads[0];
        Assert.Equal(0.9 * 0.92, a.Target, 12);
        Assert.Equal([0.82, 0.92, 0.60], a.Policies.Select(p => Math.Round(p.Score.Mean, 12)));
        // P0: only the 0.84 seed reaches 0.828 (at 20), so the median seed never does; P1 reaches it at 10, 20 and 10.
        Assert.Equal(double.PositiveInfinity, a.Policies[0].StepsToTarget);
        Assert.Equal(1, a.Policies[0].Reached);
        Assert.Equal(10, a.Policies[1].StepsToTarget);
        Assert.Equal(1.0, a.Policies[1].SecondsToTarget);
        Assert.Equal(0, a.Policies[2].Reached);

        var b = result.Workloads[1];
        Assert.Equal(0.9, b.Target);
        Assert.Equal("stated for the workload", b.TargetRule);
        Assert.Equal([10.0, 20.0, 10.0], b.Policies.Select(p => p.StepsToTarget));
        Assert.True(b.Policies[2].Broken);
        Assert.Equal(0.97, b.Policies[2].Score.Mean, 12); // the diverged seed is not averaged in

        // Ranks: a: P1, P0, P2; b: P0, P1, then P2 (a diverged seed ranks it last despite its 0.97).
        Assert.Equal([1.5, 1.5, 3.0], result.Ranks!.MeanRanks);
        Assert.Equal(2, result.Ranks.Workloads);
        // Profiles: a's fastest is P1 (10), P0 and P2 never; b's fastest is 10 (P0, P2), P1 takes 2x.
        Assert.Equal([double.PositiveInfinity, 1.0], result.StepProfiles[0].Ratios);
        Assert.Equal([1.0, 2.0], result.StepProfiles[1].Ratios);
        Assert.Equal(0.5, result.StepProfiles[0].Area, 12);             // (4 - 1) / 3 on one workload of two
        Assert.Equal((1 + (2.0 / 3)) / 2, result.StepProfiles[1].Area, 12);
        Assert.Equal(result.StepProfiles.Select(p => p.Area), result.SecondProfiles.Select(p => p.Area));
    }

    [Fact]
    public void Holding_out_each_workload_scores_what_the_other_would_have_recommended()
    {
        var suite = TwoWorkloads();
        var task = new TaskRow { Dataset = "synthetic", Model = "mlp:8", ModelFamily = "mlp", Channels = 1, Height = 8, Width = 8, Classes = 4, TrainSamples = 2000 };
        var result = SuiteAnalysis.Analyze(suite,
        [
            new SuiteWorkloadResults(suite.Workloads[0], Results(suite.Workloads[0], A, (_, _) => TrialStatus.Completed), null) { Task = task },
            new SuiteWorkloadResults(suite.Workloads[1], Results(suite.Workloads[1], B, (p, s) => p == 2 && s == 0 ? TrialStatus.Diverged : TrialStatus.Completed), null) { Task = task },
        ]);

        // a held out: b's best policy is P0, second on a, 0.92 - 0.82 behind; b held out: a's best, P1, is second on b, 0.95 - 0.93 behind.
        Assert.Equal(2, result.Checks.Count);
        var a = result.Checks[0];
        Assert.Equal(("a", 0, 2.0), (a.Workload, a.Recommended, a.Rank));
        Assert.Equal(0.10, a.Regret, 12);
        Assert.Equal([("b", 11)], a.From);
        var b = result.Checks[1];
        Assert.Equal(("b", 1, 2.0), (b.Workload, b.Recommended, b.Rank));
        Assert.Equal(0.02, b.Regret, 12);
        Assert.Equal((b.Rank, b.Regret), (b.AverageRank, b.AverageRegret)); // with one other workload, the baseline is the same choice
        Assert.Contains("ranked 2 on average (2 of 2 in the top 3)", LRBench.Studies.Reports.SuiteFormat.CheckSummary(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_workloads_are_shown_but_left_out_of_the_profiles_and_the_rank_test()
    {
        var suite = TwoWorkloads();
        var result = SuiteAnalysis.Analyze(suite,
        [
            new SuiteWorkloadResults(suite.Workloads[0], Results(suite.Workloads[0], A, (p, s) => p == 1 && s == 2 ? TrialStatus.Running : TrialStatus.Completed), null),
            new SuiteWorkloadResults(suite.Workloads[1], null, null),
        ]);
        Assert.Empty(result.CompleteWorkloads);
        Assert.Null(result.Ranks);
        Assert.Empty(result.StepProfiles);
        Assert.Equal((8, 9), result.Workloads[0].Progress);
        Assert.Equal((0, 9), result.Workloads[1].Progress);
        Assert.Contains("needs at least 2 complete workloads", LRBench.Studies.Reports.SuiteFormat.RankTest(result), StringComparison.Ordinal);
    }

    [Fact]
    public void The_median_counts_never_as_the_largest_value_and_nothing_finished_as_unknown()
    {
        Assert.Equal(20, SuiteAnalysis.Median([30, 10, 20]));
        Assert.Equal(double.PositiveInfinity, SuiteAnalysis.Median([10, double.PositiveInfinity, double.PositiveInfinity]));
        Assert.Equal(15, SuiteAnalysis.Median([10, 20]));
        Assert.Equal(double.NaN, SuiteAnalysis.Median([]));
    }
}
