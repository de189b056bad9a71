using LRBench.Schedules.Catalogue;
using LRBench.Schedules.Paper;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Tests;

/// <summary>The 13 LRBench functions against Table I and Formula (2), with the documented choices.</summary>
public sealed class PaperFunctionTests
{
    private static Schedule P(string spec) => BuiltInPolicies.Registry.Compile(spec, new RunClock(StepsPerEpoch: 100, TotalSteps: 10_000));

    [Fact]
    public void FIX_is_constant()
    {
        var s = P("FIX(k0=0.025)");
        Assert.All(new long[] { 0, 1, 999, 1_000_000 }, t => Assert.Equal(0.025, s.LearningRate(t)));
    }

    [Fact]
    public void NSTEP_reproduces_the_papers_figure_1_policy_without_global_state()
    {
        // NSTEP(k0=0.05, gamma=0.1, l=[150, 180]) from Figure 1; paper: gamma^i for l_(i-1) <= t < l_i.
        var a = P("NSTEP(k0=0.05, gamma=0.1, l=[150, 180])");
        var b = P("NSTEP(k0=0.05, gamma=0.1, l=[150, 180])");
        Assert.Equal(0.05, a.LearningRate(149), 15);
        Assert.Equal(0.005, b.LearningRate(150), 15);
        Assert.Equal(0.05, a.LearningRate(0), 15); // evaluating b (or later steps of a) changed nothing
        Assert.Equal(0.0005, a.LearningRate(180), 15);
        Assert.Equal(0.005, a.LearningRate(179), 15);
    }

    [Theory]
    [InlineData("STEP(k0=0.001, gamma=0.85, l=7000)", 14_000, 0.001 * 0.85 * 0.85)]
    [InlineData("STEP(k0=0.001, gamma=0.85, l=7000)", 13_999, 0.001 * 0.85)]
    [InlineData("EXP(k0=0.1, gamma=0.99)", 10, 0.0904382075008804)]
    [InlineData("INV(k0=0.01, gamma=0.0001, p=0.75)", 10_000, 0.01 / 1.681792830507429)]
    [InlineData("POLY(k0=0.01, p=1.2, l=8000)", 4000, 0.01 * 0.43527528164806206)]
    [InlineData("POLY(k0=0.01, p=1.2, l=8000)", 9000, 0.0)]
    [InlineData("POLY(k0=0.01, k1=0.001, p=2, l=100)", 50, 0.001 + (0.009 * 0.25))]
    public void Decaying_functions_follow_formula_2_with_k1_as_floor(string spec, long t, double expected) =>
        Assert.Equal(expected, P(spec).LearningRate(t), 14);

    [Fact]
    public void TRI_rises_from_k0_to_k1_over_l_and_back_over_the_next_l()
    {
        var s = P("TRI(k0=0.01, k1=0.06, l=2000)");
        Assert.Equal(0.01, s.LearningRate(0), 15);
        Assert.Equal(0.035, s.LearningRate(1000), 15);
        Assert.Equal(0.06, s.LearningRate(2000), 15);
        Assert.Equal(0.035, s.LearningRate(3000), 15);
        Assert.Equal(0.01, s.LearningRate(4000), 15);
    }

    [Fact]
    public void TRI_equals_the_papers_arcsine_form()
    {
        var s = P("TRI(k0=0.001, k1=0.006, l=37)");
        for (long t = 0; t < 500; t++)
        {
            double g = 2 / Math.PI * Math.Abs(Math.Asin(Math.Sin(Math.PI * t / (2.0 * 37))));
            Assert.Equal((0.005 * g) + 0.001, s.LearningRate(t), 12);
        }
    }

    [Theory]
    [InlineData("TRI", "triangular")]
    [InlineData("TRI2", "triangular2")]
    public void TRI_and_TRI2_equal_pytorch_CyclicLR(string paper, string mode)
    {
        var ours = P($"{paper}(k0=0.001, k1=0.006, l=20)");
        var torch = P($"CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=20, mode={mode})");
        for (long t = 0; t < 400; t++) Assert.Equal(torch.LearningRate(t), ours.LearningRate(t), 14);
    }

    [Fact]
    public void TRIEXP_equals_pytorch_CyclicLR_exp_range()
    {
        var ours = P("TRIEXP(k0=0.001, k1=0.006, gamma=0.99, l=20)");
        var torch = P("CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=20, mode=exp_range, gamma=0.99)");
        for (long t = 0; t < 400; t++) Assert.Equal(torch.LearningRate(t), ours.LearningRate(t), 14);
    }

    [Fact]
    public void SIN2_halves_its_amplitude_every_cycle()
    {
        var s = P("SIN2(k0=0.001, k1=0.081, l=10)");
        Assert.Equal(0.081, s.LearningRate(10), 15);
        Assert.Equal(0.041, s.LearningRate(30), 15);
        Assert.Equal(0.021, s.LearningRate(50), 15);
        Assert.Equal(0.001, s.LearningRate(40), 15);
    }

    [Fact]
    public void COS_has_period_2l_and_starts_at_the_larger_bound()
    {
        // Choice documented in LRBenchFunction: l is half the cycle for every cyclic function.
        var s = P("COS(k0=0.06, k1=0.01, l=2000)");
        Assert.Equal(0.06, s.LearningRate(0), 15);
        Assert.Equal(0.01, s.LearningRate(2000), 15);
        Assert.Equal(0.06, s.LearningRate(4000), 15);
        Assert.Equal(0.035, s.LearningRate(1000), 15);
        var swapped = P("COS(k0=0.01, k1=0.06, l=2000)");
        Assert.Equal(s.LearningRate(1234), swapped.LearningRate(1234), 15);
    }

    [Fact]
    public void The_step_size_accepts_epochs()
    {
        Assert.Equal(P("STEP(k0=0.1, gamma=0.5, l=300)").LearningRate(650), P("STEP(k0=0.1, gamma=0.5, l=3ep)").LearningRate(650));
    }

    [Theory]
    [InlineData("POLY(k0=0.01, k1=0.02, p=1, l=10)", "POLY.k1", "must be <= k0")]
    [InlineData("TRI(k0=-0.1, k1=0.2, l=10)", "TRI.k0", "must be > 0 (got -0.1)")]
    [InlineData("TRI(k0=0.1, k1=0.2, l=0)", "TRI.l", "must be > 0 (got 0)")]
    [InlineData("TRI(k0=0.1, k1=0.2, l=-5)", "TRI.l", "must be > 0 (got -5)")]
    [InlineData("EXP(k0=0.1, gamma=1.5)", "EXP.gamma", "must be in (0, 1] (got 1.5)")]
    [InlineData("TRI(k0=nan, k1=0.2, l=10)", "TRI.k0", "NaN")]
    [InlineData("TRI(k0=0.1, l=10)", "TRI.k1", "is required")]
    [InlineData("NSTEP(k0=0.1, gamma=0.1, l=[])", "NSTEP.l", "at least one")]
    [InlineData("TRI(k0=0.1, k1=0.2, l=10, q=3)", "TRI.q", "unknown parameter; TRI takes k0, k1, l")]
    public void Bad_parameters_fail_at_construction_naming_the_parameter(string spec, string parameter, string problem)
    {
        var e = Assert.Throws<SpecException>(() => P(spec));
        Assert.StartsWith(parameter, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Every_one_of_the_13_functions_is_registered_under_its_paper_name()
    {
        foreach (var kind in Enum.GetValues<LRBenchKind>())
        {
            var def = BuiltInPolicies.Registry.Get(kind.ToString());
            Assert.Equal(PolicyFamily.LRBench, def.Family);
        }

        Assert.Equal(13, BuiltInPolicies.Registry.Definitions.Count(d => d.Family == PolicyFamily.LRBench));
    }
}
