namespace LRBench.Schedules.Shapes;

/// <summary>The cycle shapes <see cref="Cyclical"/> can repeat.</summary>
public enum CycleShape
{
    /// <summary>Linear up, then linear down.</summary>
    Triangular,
    /// <summary>Half a cosine up, then half a cosine down.</summary>
    Cosine,
}
