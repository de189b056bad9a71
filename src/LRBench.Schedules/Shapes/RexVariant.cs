namespace LRBench.Schedules.Shapes;

/// <summary>Which REX profile: the paper's or the widely copied reference code's.</summary>
public enum RexVariant
{
    /// <summary>Chen et al. 2022: (1 - z) / (1/2 + (1 - z)/2).</summary>
    Paper,
    /// <summary>The reference code (IvanVassi/REX_LR): (1 - z) / (0.1 + 0.9 (1 - z)), flatter early on.</summary>
    Reference,
}
