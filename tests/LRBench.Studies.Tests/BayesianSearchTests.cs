using LRBench.Studies.Definition;
using LRBench.Studies.Running;
using LRBench.Studies.Search;
using LRBench.Studies.Storage;
using LRBench.Studies.Analysis;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Model.Results;
using LRBench.Studies.Model.Trials;

namespace LRBench.Studies.Tests;

/// <summary>
/// The gp sampler: the Gaussian process and expected improvement against closed forms, the proposer on a function
/// with a known optimum, and a study whose settings are proposed while it runs (reproducible, resumable, shared by
/// two workers without duplicates).
/// </summary>
[Collection("postgres")]
public sealed class BayesianSearchTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lrbench-gp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Expected_improvement_has_its_closed_form()
    {
        // At mean = best with xi = 0: E[max(0, f - best)] for f ~ N(best, s^2) is s / sqrt(2 pi).
        Assert.Equal(0.4 / Math.Sqrt(2 * Math.PI), GaussianProcess.ExpectedImprovement(0.9, 0.4, 0.9, 0), 12);
        Assert.Equal(0.25, GaussianProcess.ExpectedImprovement(1.0, 0, 0.75, 0), 12); // no uncertainty: the gain itself
        Assert.Equal(0, GaussianProcess.ExpectedImprovement(0.5, 0, 0.75, 0));
        Assert.True(GaussianProcess.ExpectedImprovement(0.5, 0.3, 0.75, 0) > GaussianProcess.ExpectedImprovement(0.5, 0.1, 0.75, 0)); // uncertainty pays
    }

    [Fact]
    public void The_gaussian_process_interpolates_its_points_and_is_unsure_far_from_them()
    {
        double[][] x = [[0.1, 0.1], [0.5, 0.4], [0.9, 0.8], [0.3, 0.9]];
        double[] y = [0.80, 0.90, 0.70, 0.85];
        var gp = GaussianProcess.Fit(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            var (mean, std) = gp.Predict(x[i]);
            Assert.Equal(y[i], mean, 2);
            Assert.True(std < 0.05, $"std {std} at a training point");
        }

        Assert.True(gp.Predict([0.95, 0.05]).Std > gp.Predict([0.5, 0.41]).Std);
        Assert.Equal(1.0, GaussianProcess.Kernel([0.3], [0.3], 0.2), 12);
        // Matérn 5/2 at one length scale: (1 + sqrt5 + 5/3) e^-sqrt5.
        Assert.Equal((1 + Math.Sqrt(5) + (5.0 / 3)) * Math.Exp(-Math.Sqrt(5)), GaussianProcess.Kernel([0.0], [0.2], 0.2), 12);
    }

    private static BayesianSearch Search(int trials = 12) => new()
    {
        Id = "policies[0]",
        Function = "FIX",
        Space = [new SearchParameter("k0", SearchDistribution.LogUniform, 1e-4, 1e-1, [])],
        Trials = trials,
        Initial = 2,
        Seed = 7,
    };

    /// <summary>A score with its peak at k0 = 10^-2.5, falling with the squared distance in the logarithm.</summary>
    private static double Score(double k0) => 0.9 - (0.05 * Math.Pow(Math.Log10(k0) + 2.5, 2));

    [Fact]
    public void Sequential_proposals_close_in_on_the_optimum_of_a_known_function_and_repeat_exactly()
    {
        List<(double[] Values, double Score)> Run()
        {
            var seen = new List<(double[] Values, double Score)>();
            for (int i = 0; i < 10; i++)
            {
                var next = GpProposer.Propose(Search(), i, seen, [], v => seen.All(s => s.Values[0] != v[0]))!;
                seen.Add((next, Score(next[0])));
            }

            return seen;
        }

        var first = Run();
        double best = first.Max(s => s.Score);
        // Within 0.2 decades of the peak (score 0.898) after 10 settings; random draws over 3 decades reach that
        // with probability 1 - (1 - 0.4 / 3)^10 = 0.76, the GP every time (the run is deterministic).
        Assert.True(best > 0.898, $"best {best} at {first.MaxBy(s => s.Score).Values[0]}");
        Assert.Equal(first.Select(s => s.Values[0]), Run().Select(s => s.Values[0]));
    }

    [Fact]
    public void A_pending_setting_counts_at_the_worst_score_so_that_parallel_proposals_spread_out()
    {
        var seen = new List<(double[] Values, double Score)>();
        foreach (double k0 in new[] { 1e-4, 1e-3, 3e-3, 1e-1 }) seen.Add(([k0], Score(k0)));
        var alone = GpProposer.Propose(Search(), 4, seen, [], _ => true)!;
        var beside = GpProposer.Propose(Search(), 4, seen, [alone], _ => true)!;
        Assert.True(Math.Abs(Math.Log10(beside[0]) - Math.Log10(alone[0])) > 0.05, $"{alone[0]} then {beside[0]}");
    }

    private const string Text = """
        name: gp-study
        task: {dataset: synthetic, model: "mlp:8", batch_size: 50, budget: 1ep, evaluate_every: 0.5ep}
        seeds: [0, 1]
        policies:
          - policy: TRI2
            params: {l: 0.25ep}
            search:
              sampler: gp
              trials: 6
              seed: 3
              space: {k0: {log_uniform: [1e-4, 1e-2]}, k1: {log_uniform: [1e-2, 1.0]}}
        """;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_gp_study_draws_its_first_settings_like_a_random_search_and_proposes_the_rest_while_it_runs(string kind)
    {
        var study = StudyParser.Parse(Text, "gp.yaml");
        var random = StudyParser.Parse(Text.Replace("sampler: gp", "sampler: random", StringComparison.Ordinal), "gp.yaml");
        var search = Assert.Single(study.Searches);
        Assert.Equal((6, 3), (search.Trials, search.Initial)); // two parameters: 3 random settings first
        Assert.Equal(random.Policies.Take(3).Select(p => p.SpecText), study.Policies.Select(p => p.SpecText));

        string location = TestStores.Location(kind, _dir, postgres, "gp");
        StudyRunSummary Run(int parallel)
        {
            using var store = StudyStore.Open(location);
            return new BoundRunner(new StudyRunner(store, new RunnerOptions { OutputDirectory = Path.Combine(_dir, "out"), Parallel = parallel, ThreadsPerTrial = 1 }), study, Text).Run();
        }

        var summary = Run(parallel: 2);
        Assert.Equal(12, summary.Trials); // 6 settings x 2 seeds, proposed by two workers side by side
        using (var store = StudyStore.Open(location))
        {
            var row = store.Results.FindStudy("gp-study")!;
            Assert.Equal("policies[0]", Assert.Single(row.Searches).Id);
            var trials = store.Results.Trials(row.Id);
            Assert.All(trials, t => Assert.Equal((TrialStatus.Completed, "policies[0]"), (t.Status, t.Trial.SearchId)));
            var settings = trials.GroupBy(t => LRBench.Schedules.Specs.SpecFormatter.ToText(t.Trial.Policy)).ToList();
            Assert.Equal(6, settings.Count); // no setting proposed twice
            Assert.All(settings, s => Assert.Equal([0L, 1L], s.Select(t => t.Seed).Order()));
            Assert.All(trials, t => Assert.StartsWith("TRI2 k0=", t.Label, StringComparison.Ordinal));
        }

        var again = Run(parallel: 1);
        Assert.Equal((12, 0), (again.Trials, again.RanNow)); // a rerun finds the budget spent and proposes nothing
    }

    [Theory]
    [InlineData("{sampler: gp, trials: 4, initial: 5, space: {k0: {uniform: [0.1, 0.2]}}}", "gp.yaml:5: policies[0].search.initial: must be at most trials (4), got 5")]
    [InlineData("{sampler: gp, trials: 4, space: {l: {choice: [1ep, 2ep]}}}", "gp.yaml:5: policies[0].search.space.l: the gp sampler searches numbers")]
    [InlineData("{sampler: gp, trials: 10000, space: {k0: {uniform: [0.1, 0.2]}}}", "gp.yaml:5: policies[0].search.trials: a gp search proposes at most 500 settings")]
    [InlineData("{sampler: random, trials: 4, initial: 2, space: {k0: {uniform: [0.1, 0.2]}}}", "gp.yaml:5: policies[0].search.initial: belongs to the gp sampler")]
    public void Bad_gp_searches_name_their_line(string search, string expected)
    {
        string text = $$"""
            name: gp-bad
            task: {dataset: synthetic, model: "mlp:8", budget: 2ep}
            policies:
              - policy: FIX
                search: {{search}}
            """;
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse(text, "gp.yaml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
