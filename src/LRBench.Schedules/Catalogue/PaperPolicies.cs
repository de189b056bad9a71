using LRBench.Schedules.Paper;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Catalogue;

/// <summary>The 13 functions of the LRBench paper (Table I), with its parameter names k0, k1, gamma, p, l.</summary>
internal static class PaperPolicies
{
    public static IEnumerable<PolicyDefinition> All()
    {
        var k0 = Param.Number("k0", "starting learning rate", min: 0, minExclusive: true);
        var k1Floor = Param.Number("k1", "floor the LR decays towards (the paper uses 0); must be <= k0", @default: 0, min: 0);
        var k1Bound = Param.Number("k1", "the other bound of the cycle", min: 0);
        var l = Param.Steps("l", "step size: steps between decays, or half of a cycle");
        var gammaDecay = Param.Number("gamma", "decay factor", min: 0, minExclusive: true, max: 1);
        var gammaInv = Param.Number("gamma", "rate of the inverse-time decay", min: 0, minExclusive: true);
        var p = Param.Number("p", "power", min: 0, minExclusive: true);
        var milestones = Param.List("l", ParameterKind.StepsList, "steps at which the LR is multiplied by gamma (NSTEP's list)", min: 0);

        yield return Make(LRBenchKind.FIX, "fixed LR: k0", [k0]);
        yield return Make(LRBenchKind.STEP, "decay by gamma every l steps: k0 gamma^floor(t/l)", [k0, k1Floor, gammaDecay, l]);
        yield return Make(LRBenchKind.NSTEP, "decay by gamma at each of the steps l = [l0, l1, ...]", [k0, k1Floor, gammaDecay, milestones]);
        yield return Make(LRBenchKind.EXP, "exponential decay: k0 gamma^t", [k0, k1Floor, gammaDecay]);
        yield return Make(LRBenchKind.INV, "inverse-time decay: k0 / (1 + gamma t)^p", [k0, k1Floor, gammaInv, p]);
        yield return Make(LRBenchKind.POLY, "polynomial decay: k0 (1 - t/l)^p, then k1 (l = max_iter)", [k0, k1Floor, p, l]);
        yield return Make(LRBenchKind.TRI, "triangular cycles between k0 and k1, half-period l", [k0, k1Bound, l]);
        yield return Make(LRBenchKind.TRI2, "triangular cycles whose amplitude halves every cycle", [k0, k1Bound, l]);
        yield return Make(LRBenchKind.TRIEXP, "triangular cycles with amplitude gamma^t", [k0, k1Bound, gammaDecay, l]);
        yield return Make(LRBenchKind.SIN, "sine cycles |sin(pi t / 2l)| between k0 and k1", [k0, k1Bound, l]);
        yield return Make(LRBenchKind.SIN2, "sine cycles whose amplitude halves every cycle", [k0, k1Bound, l]);
        yield return Make(LRBenchKind.SINEXP, "sine cycles with amplitude gamma^t", [k0, k1Bound, gammaDecay, l]);
        yield return Make(LRBenchKind.COS, "cosine cycles of period 2l, starting at max(k0, k1)", [k0, k1Bound, l]);
    }

    private static PolicyDefinition Make(LRBenchKind kind, string description, ParameterDefinition[] parameters) =>
        new(kind.ToString(), PolicyFamily.LRBench, description, parameters, a => Build(kind, a));

    private static LRBenchFunction Build(LRBenchKind kind, PolicyArguments a)
    {
        double k0 = a.Number("k0");
        if (kind == LRBenchKind.FIX) return new LRBenchFunction(kind, k0, k0);
        double k1 = a.Number("k1");
        if (LRBenchFunction.IsDecaying(kind) && k1 > k0)
            throw a.Fail("k1", $"must be <= k0 for a decaying function: k1 is the floor the LR decays towards (got k0={k0}, k1={k1})");
        bool hasGamma = a.Definition.Find("gamma") is not null;
        bool hasP = a.Definition.Find("p") is not null;
        double gamma = hasGamma ? a.Number("gamma") : 1;
        double p = hasP ? a.Number("p") : 1;
        if (kind == LRBenchKind.NSTEP)
        {
            var steps = a.StepsList("l");
            if (steps.Count == 0) throw a.Fail("l", "needs at least one step, e.g. l=[150, 180]");
            return new LRBenchFunction(kind, k0, k1, gamma, milestones: steps);
        }

        double l = a.Definition.Find("l") is not null ? a.Steps("l") : 1;
        return new LRBenchFunction(kind, k0, k1, gamma, p, l);
    }
}
