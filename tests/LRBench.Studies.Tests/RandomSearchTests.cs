using System.Globalization;
using LRBench.Studies.Definition;
using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Tests;

/// <summary>A policy entry's search: block: seeded random draws over uniform, log-uniform and choice dimensions.</summary>
public sealed class RandomSearchTests
{
    private static string Study(string search) => $$"""
        name: search-test
        task: {dataset: synthetic, model: "mlp:8", budget: 2ep}
        policies:
          - policy: TRI
            search: {{search}}
        """;

    private const string Space = "{sampler: random, trials: 12, seed: 3, space: {k0: {log_uniform: [1e-4, 1e-2]}, k1: {uniform: [0.01, 0.1]}, l: {choice: [0.5ep, 1ep]}}}";

    private static IReadOnlyList<PolicyVariant> Policies(string search) => StudyParser.Parse(Study(search), "search.yaml").Policies;

    private static double Number(PolicyVariant p, string key) => double.Parse(p.Parameters[key], CultureInfo.InvariantCulture);

    [Fact]
    public void A_seeded_random_search_draws_the_same_points_every_time_and_within_its_ranges()
    {
        var policies = Policies(Space);
        Assert.Equal(12, policies.Count);
        Assert.All(policies, p =>
        {
            Assert.InRange(Number(p, "k0"), 1e-4, 1e-2);
            Assert.InRange(Number(p, "k1"), 0.01, 0.1);
            Assert.Contains(p.Parameters["l"], new[] { "0.5ep", "1ep" });
            Assert.Equal($"TRI k0={p.Parameters["k0"]} k1={p.Parameters["k1"]} l={p.Parameters["l"]}", p.Label);
            Assert.Equal($"TRI(k0={p.Parameters["k0"]}, k1={p.Parameters["k1"]}, l={p.Parameters["l"]})", p.SpecText);
        });
        Assert.Equal(policies.Select(p => p.SpecText), Policies(Space).Select(p => p.SpecText)); // a resumed study draws the same
        Assert.NotEqual(policies.Select(p => p.SpecText), Policies(Space.Replace("seed: 3", "seed: 4", StringComparison.Ordinal)).Select(p => p.SpecText));
        Assert.Equal(12, policies.Select(p => p.SpecText).Distinct().Count());
    }

    [Fact]
    public void Log_uniform_draws_spread_evenly_over_the_logarithm_and_uniform_ones_over_the_value()
    {
        var policies = Policies("{trials: 2000, seed: 1, space: {k0: {log_uniform: [1e-4, 1]}, k1: {uniform: [2, 4]}, l: {choice: [1ep]}}}");
        double belowGeometricMean = policies.Count(p => Number(p, "k0") < 1e-2) / (double)policies.Count;
        double belowMidpoint = policies.Count(p => Number(p, "k1") < 3) / (double)policies.Count;
        // 2,000 draws: a fair half lies within 0.5 +- 0.04 with probability > 99.9%.
        Assert.InRange(belowGeometricMean, 0.46, 0.54);
        Assert.InRange(belowMidpoint, 0.46, 0.54);
        double decadeShare = policies.Count(p => Number(p, "k0") is >= 1e-3 and < 1e-2) / (double)policies.Count;
        Assert.InRange(decadeShare, 0.21, 0.29); // one decade of four
    }

    [Theory]
    [InlineData("{trials: 3, space: {k0: {uniform: [0.1, 0.1]}, k1: {uniform: [0.2, 0.3]}}}", "search.yaml:5: policies[0].search.space.k0.uniform: [0.1, 0.1] is empty: the low bound must be below the high one")]
    [InlineData("{trials: 3, space: {k0: {log_uniform: [0, 0.1]}, k1: {uniform: [0.2, 0.3]}}}", "search.yaml:5: policies[0].search.space.k0.log_uniform: needs bounds > 0 (it draws the logarithm), got [0, 0.1]")]
    [InlineData("{sampler: tpe, trials: 3, space: {k0: {uniform: [0.1, 0.2]}}}", "search.yaml:5: policies[0].search.sampler: unknown sampler 'tpe'; known: random, gp")]
    [InlineData("{trials: 3, space: {k0: {normal: [0.1, 0.2]}}}", "search.yaml:5: policies[0].search.space.k0: unknown distribution 'normal'; known: uniform, log_uniform, choice")]
    [InlineData("{space: {k0: {uniform: [0.1, 0.2]}}}", "search.yaml:5: policies[0].search: 'trials' is required")]
    [InlineData("{trials: 3, space: {}}", "search.yaml:5: policies[0].search.space: is empty")]
    [InlineData("{trials: 3, space: {k0: {log_uniform: [1e-300, 1e308]}}}", "search.yaml:5: policies[0].search.space.k0.log_uniform: bounds must lie within 1E+30 in size (and above 1E-30 for log_uniform), far inside float32's range, got [1E-300, 1E+308]")]
    [InlineData("{trials: 3, space: {k0: {uniform: [0, 1e39]}}}", "search.yaml:5: policies[0].search.space.k0.uniform: bounds must lie within 1E+30")]
    public void Bad_search_specs_are_named_with_their_line(string search, string expected)
    {
        var e = Assert.Throws<StudyFileException>(() => Policies(search));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_and_a_grid_in_one_entry_are_refused()
    {
        var e = Assert.Throws<StudyFileException>(() => StudyParser.Parse("""
            name: both
            task: {dataset: synthetic, model: "mlp:8", budget: 2ep}
            policies:
              - policy: TRI
                grid: {k0: [0.001]}
                search: {trials: 2, space: {k1: {uniform: [0.01, 0.1]}}}
            """, "both.yaml"));
        Assert.StartsWith("both.yaml:6: policies[0].search: and grid are both given", e.Message, StringComparison.Ordinal);
    }
}
