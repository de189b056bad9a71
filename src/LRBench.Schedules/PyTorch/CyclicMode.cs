namespace LRBench.Schedules.PyTorch;

/// <summary>The amplitude modes of PyTorch's CyclicLR.</summary>
public enum CyclicMode
{
    /// <summary>The same amplitude every cycle.</summary>
    Triangular,
    /// <summary>The amplitude halves every cycle.</summary>
    Triangular2,
    /// <summary>The amplitude is scaled by gamma^t (t the step count).</summary>
    ExpRange,
}
