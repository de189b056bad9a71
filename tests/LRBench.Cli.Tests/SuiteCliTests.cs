using System.Globalization;

namespace LRBench.Cli.Tests;

/// <summary>`lrbench suite`: the same policies on three workloads (one of them scored by bits per character), run, resumed and reported.</summary>
public sealed class SuiteCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-cli-suite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SuiteFile()
    {
        string path = Path.Combine(_dir, "small.yaml");
        File.WriteAllText(path, """
            name: small
            seeds: [0, 1]
            range_test: {steps: 20}
            workloads:
              - name: narrow
                task: {dataset: synthetic, model: "mlp:8", optimizer: {name: sgd, momentum: 0.9}, batch_size: 50, budget: 2ep, evaluate_every: 0.5ep}
              - name: wide
                task: {dataset: synthetic, model: "mlp:32", optimizer: {name: sgd, momentum: 0.9}, batch_size: 50, budget: 2ep, evaluate_every: 0.5ep}
                target: 0.9
              - name: text
                task: {dataset: fortunes, model: "char-transformer:1,16,2,16", train_limit: 200, test_limit: 40, optimizer: {name: adamw}, batch_size: 16, budget: 20ba, evaluate_every: 5ba}
                range_test: {steps: 20, end: 0.1}
            policies:
              - "FIX(k0=$minimum)"
              - "TRI2(k0=$k0, k1=$k1, l=0.25dur)"
              - "warmup_cosine(peak_lr=$k1, warmup=0.1dur)"
            """);
        return path;
    }

    [Fact]
    public void A_suite_runs_resumes_and_is_scored_across_its_workloads()
    {
        string suite = SuiteFile();
        string store = "sqlite:" + Path.Combine(_dir, "small.db");
        var (code, output, err) = Cli.Run("suite", "run", suite, "--store", store, "--out", Path.Combine(_dir, "runs"), "--threads", "1");
        Assert.True(code == 0, err + output);
        Assert.Contains("Workload text (3 of 3):", output, StringComparison.Ordinal);
        Assert.Contains("Friedman test over 3 complete workloads and 3 policies", output, StringComparison.Ordinal);

        var rows = RankCsv.Rows(File.ReadAllText(Path.Combine(_dir, "runs", "report", "suite.csv")));
        Assert.Equal(9, rows.Count);
        Assert.All(rows, r => Assert.Equal("2", r["finished"]));
        Assert.Equal(["FIX(k0=$minimum)", "TRI2(k0=$k0, k1=$k1, l=0.25dur)", "warmup_cosine(peak_lr=$k1, warmup=0.1dur)"],
            rows.Where(r => r["workload"] == "narrow").Select(r => r["policy"]));
        // Each workload's placeholders were filled by its own range test.
        Assert.NotEqual(rows.Single(r => r["workload"] == "narrow" && r["policy_index"] == "0")["label"], rows.Single(r => r["workload"] == "text" && r["policy_index"] == "0")["label"]);

        double N(string s) => s == "inf" ? double.PositiveInfinity : double.Parse(s, CultureInfo.InvariantCulture);
        var text = rows.Where(r => r["workload"] == "text").ToList();
        Assert.All(text, r => Assert.Equal(("bits/char", "lower"), (r["score"], r["direction"])));
        // The target of a workload without one: the best mean / 0.99 where lower is better, 0.99 x the best where higher is.
        Assert.Equal(text.Min(r => N(r["score_mean"])) / 0.99, N(text[0]["target"]), 9);
        var narrow = rows.Where(r => r["workload"] == "narrow").ToList();
        Assert.Equal(narrow.Max(r => N(r["score_mean"])) * 0.99, N(narrow[0]["target"]), 9);
        Assert.All(rows.Where(r => r["workload"] == "wide"), r => Assert.Equal(0.9, N(r["target"])));
        // The fastest policy on each workload has ratio 1; ranks are 1..3 with ties shared.
        foreach (var w in rows.GroupBy(r => r["workload"]))
        {
            if (w.Any(r => double.IsFinite(N(r["steps_to_target"])))) Assert.Contains(w, r => r["step_ratio"] == "1");
            Assert.Equal(6, w.Sum(r => N(r["rank"])), 9);
        }

        string html = File.ReadAllText(Path.Combine(_dir, "runs", "report", "report.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);              // the critical-difference diagram
        Assert.Contains("<script type=\"application/json\" id=\"lrb-profiles\">", html, StringComparison.Ordinal); // the profiles, interactive
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Contains("warmup_cosine(peak_lr=$k1, warmup=0.1dur)", html, StringComparison.Ordinal);

        // Run again: nothing left to train, the same report.
        (code, output, err) = Cli.Run("suite", "run", suite, "--store", store, "--out", Path.Combine(_dir, "runs"), "--threads", "1");
        Assert.True(code == 0, err + output);
        Assert.Equal(3, output.Split("6 of 6 trials finished (0 in this run").Length - 1);

        (code, output, err) = Cli.Run("suite", "status", suite, "--store", store);
        Assert.True(code == 0, err + output);
        Assert.Contains("18 of 18 submitted trials finished.", output, StringComparison.Ordinal);
        Assert.Contains("small.text", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suite_submitted_for_workers_shows_its_workloads_pending()
    {
        string suite = SuiteFile();
        string store = "sqlite:" + Path.Combine(_dir, "workers.db");
        var (code, output, err) = Cli.Run("suite", "submit", suite, "--store", store);
        Assert.True(code == 0, err + output);
        Assert.Contains("Workload narrow: Study small.narrow", output, StringComparison.Ordinal);
        (code, output, err) = Cli.Run("suite", "report", suite, "--store", store, "--out", Path.Combine(_dir, "pending-report"));
        Assert.True(code == 0, err + output);
        Assert.Contains("(0 of 3 workloads complete)", output, StringComparison.Ordinal);
        Assert.Contains("- (0/2 seeds)", output, StringComparison.Ordinal);
        (code, output, err) = Cli.Run("suite", "status", suite, "--store", store);
        Assert.True(code == 0, err + output);
        Assert.Contains("0 of 18 submitted trials finished.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_suite_files_and_missing_stores_are_refused_in_one_line()
    {
        string bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, "name: bad\nworkloads:\n  - name: x\n    task: {dataset: synthetic, model: mlp}\n    colour: red\npolicies: [\"FIX(k0=0.1)\"]\n");
        var (code, _, err) = Cli.Run("suite", "run", bad);
        Cli.AssertBadInput(code, err, "workloads[0]: unknown key 'colour'");
        (code, _, err) = Cli.Run("suite", "report", SuiteFile(), "--store", "sqlite:" + Path.Combine(_dir, "none.db"));
        Cli.AssertBadInput(code, err);
        Assert.False(File.Exists(Path.Combine(_dir, "none.db")));
    }
}
