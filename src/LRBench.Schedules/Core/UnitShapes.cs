namespace LRBench.Schedules;

/// <summary>Unit shapes in [0, 1] shared by several policies. Pure functions.</summary>
public static class UnitShapes
{
    /// <summary>
    /// Symmetric triangle wave of the given period: 0 at t = 0, 1 at period/2, 0 at period. Equal to the
    /// LRBench paper's (2/pi)|asin(sin(pi t / period))| but exact at the corners (no trigonometric round-off).
    /// </summary>
    public static double Triangle(double t, double period)
    {
        double u = t / period;
        u -= Math.Floor(u);
        return 1 - Math.Abs((2 * u) - 1);
    }

    /// <summary>Half-cosine from 1 at progress 0 down to 0 at progress 1.</summary>
    public static double CosineDecay(double progress) => 0.5 * (1 + Math.Cos(Math.PI * progress));
}
