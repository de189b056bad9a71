namespace LRBench.Schedules.Paper;

/// <summary>
/// Formula (2) of the LRBench paper: eta(t) = |k0 - k1| g(t) + min(k0, k1), with g(t) in [0, 1] from Table I.
/// <para>Choices where the paper's table and its public code disagree (see docs/policies.md):</para>
/// <list type="bullet">
/// <item>Decaying functions (STEP, NSTEP, EXP, INV, POLY) take k1 as a floor (default 0, the paper's setting) and
/// require k1 &lt;= k0, so the LR starts at k0 as the paper says; the code's POLY starts at k1 instead.</item>
/// <item>POLY holds g = 0 once t &gt;= l (the code's (1 - t/l)^p rises again, or is complex, past l).</item>
/// <item>COS has period 2l, like every other cyclic function, because the paper defines l as half the cycle;
/// Table I's cos(pi 2t/l) would give period l. It starts at max(k0, k1) (g(0) = 1) per Formula (2).</item>
/// <item>NSTEP counts milestones passed with t &gt;= l_i (the paper's l_(i-1) &lt;= t &lt; l_i), with no global state.</item>
/// </list>
/// </summary>
public sealed class LRBenchFunction : Schedule
{
    private readonly double _low;
    private readonly double _range;
    private readonly double[] _milestones;

    /// <summary>Builds function <paramref name="kind"/> with the paper's parameters; parameters a function does not use are ignored. <see cref="Specs.PolicyRegistry"/> checks ranges when a spec is compiled.</summary>
    public LRBenchFunction(LRBenchKind kind, double k0, double k1, double gamma = 1, double p = 1, double l = 1, IReadOnlyList<double>? milestones = null)
    {
        Kind = kind;
        K0 = k0;
        K1 = kind == LRBenchKind.FIX ? k0 : k1;
        Gamma = gamma;
        P = p;
        L = l;
        _milestones = milestones is null ? [] : [.. milestones.Order()];
        _low = Math.Min(K0, K1);
        _range = Math.Abs(K0 - K1);
    }

    /// <summary>Which of the 13 functions this is.</summary>
    public LRBenchKind Kind { get; }

    /// <summary>k0: the starting LR of decaying functions, one bound of cyclic ones.</summary>
    public double K0 { get; }

    /// <summary>k1: the floor of decaying functions, the other bound of cyclic ones (k0 for FIX).</summary>
    public double K1 { get; }

    /// <summary>gamma: the decay factor (STEP, NSTEP, EXP, INV, TRIEXP, SINEXP).</summary>
    public double Gamma { get; }

    /// <summary>p: the power of INV and POLY.</summary>
    public double P { get; }

    /// <summary>l: the step length of STEP, the horizon of POLY, the half-period of cyclic functions (steps).</summary>
    public double L { get; }

    /// <summary>The milestones of NSTEP, in steps, sorted.</summary>
    public IReadOnlyList<double> Milestones => _milestones;

    /// <summary>True for the decaying functions (STEP, NSTEP, EXP, INV, POLY).</summary>
    public static bool IsDecaying(LRBenchKind kind) =>
        kind is LRBenchKind.STEP or LRBenchKind.NSTEP or LRBenchKind.EXP or LRBenchKind.INV or LRBenchKind.POLY;

    /// <summary>True for the cyclic functions (the TRI, SIN and COS families).</summary>
    public static bool IsCyclic(LRBenchKind kind) => !IsDecaying(kind) && kind != LRBenchKind.FIX;

    /// <inheritdoc />
    public override double LearningRate(long step) =>
        Kind == LRBenchKind.FIX ? K0 : (_range * G(step)) + _low;

    /// <summary>The unit shape g(t) of Table I.</summary>
    public double G(long step)
    {
        double t = step;
        switch (Kind)
        {
            case LRBenchKind.FIX:
                return 1;
            case LRBenchKind.STEP:
                return Math.Pow(Gamma, Math.Floor(t / L));
            case LRBenchKind.NSTEP:
                {
                    int passed = 0;
                    while (passed < _milestones.Length && t >= _milestones[passed]) passed++;
                    return Math.Pow(Gamma, passed);
                }
            case LRBenchKind.EXP:
                return Math.Pow(Gamma, t);
            case LRBenchKind.INV:
                return Math.Pow(1 + (Gamma * t), -P);
            case LRBenchKind.POLY:
                return Math.Pow(1 - (Math.Min(t, L) / L), P);
            case LRBenchKind.TRI:
                return UnitShapes.Triangle(t, 2 * L);
            case LRBenchKind.TRI2:
                return UnitShapes.Triangle(t, 2 * L) / Math.Pow(2, Math.Floor(t / (2 * L)));
            case LRBenchKind.TRIEXP:
                return Math.Pow(Gamma, t) * UnitShapes.Triangle(t, 2 * L);
            case LRBenchKind.SIN:
                return Math.Abs(Math.Sin(Math.PI * t / (2 * L)));
            case LRBenchKind.SIN2:
                return Math.Abs(Math.Sin(Math.PI * t / (2 * L))) / Math.Pow(2, Math.Floor(t / (2 * L)));
            case LRBenchKind.SINEXP:
                return Math.Pow(Gamma, t) * Math.Abs(Math.Sin(Math.PI * t / (2 * L)));
            case LRBenchKind.COS:
                return 0.5 * (1 + Math.Cos(Math.PI * t / L));
            default:
                throw new InvalidOperationException($"unknown LRBench function {Kind}");
        }
    }
}
