namespace LRBench.Schedules.Paper;

/// <summary>The 13 learning-rate functions of the LRBench paper (Wu and Liu, Table I).</summary>
public enum LRBenchKind
{
    /// <summary>Fixed: k0 at every step.</summary>
    FIX,
    /// <summary>Step decay: g(t) = gamma^floor(t / l).</summary>
    STEP,
    /// <summary>Multi-step decay: g(t) = gamma^i once t has passed i milestones.</summary>
    NSTEP,
    /// <summary>Exponential decay: g(t) = gamma^t.</summary>
    EXP,
    /// <summary>Inverse decay: g(t) = (1 + gamma t)^-p.</summary>
    INV,
    /// <summary>Polynomial decay: g(t) = (1 - min(t, l) / l)^p.</summary>
    POLY,
    /// <summary>Triangle wave of period 2l between min(k0, k1) and max(k0, k1).</summary>
    TRI,
    /// <summary>TRI with its amplitude halved every cycle (2l steps).</summary>
    TRI2,
    /// <summary>TRI with its amplitude multiplied by gamma^t.</summary>
    TRIEXP,
    /// <summary>g(t) = |sin(pi t / 2l)|: period 2l.</summary>
    SIN,
    /// <summary>SIN with its amplitude halved every cycle (2l steps).</summary>
    SIN2,
    /// <summary>SIN with its amplitude multiplied by gamma^t.</summary>
    SINEXP,
    /// <summary>g(t) = (1 + cos(pi t / l)) / 2: period 2l, starting at the top.</summary>
    COS,
}
