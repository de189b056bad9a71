namespace LRBench.Schedules;

/// <summary>
/// Where t falls in cycles of lengths first, first r, first r^2, ... Found by an integer loop over the cycles, never by
/// floor(log(...)), which lands one cycle short at some exact restart points (PyTorch's SGDR, timm's cycle_mul and
/// Keras's t_mul all do; see docs/policies.md). Shared by every restart policy so they agree at the boundaries.
/// </summary>
public static class GeometricCycles
{
    /// <summary>The cycle index, the offset into that cycle and its length; stops counting at <paramref name="maxCycles"/>.</summary>
    public static (long Index, double Offset, double Length) Locate(double t, double first, double factor, long maxCycles = long.MaxValue)
    {
        if (factor == 1)
        {
            long n = Math.Min((long)Math.Floor(t / first), maxCycles);
            return (n, t - (n * first), first);
        }

        long index = 0;
        double start = 0, length = first;
        while (index < maxCycles && t >= start + length)
        {
            start += length;
            length *= factor;
            index++;
        }

        return (index, t - start, length);
    }
}
