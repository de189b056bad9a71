namespace LRBench.Adaptive;

public enum AutoWuPhase
{
    Warmup,
    Decay,
    Final,
}
