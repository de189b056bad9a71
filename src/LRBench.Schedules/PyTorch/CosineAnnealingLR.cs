namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.lr_scheduler.CosineAnnealingLR: eta_min + (base_lr - eta_min)(1 + cos(pi t / T_max))/2.
/// Like PyTorch, it is not clamped at T_max: past it the LR rises again with period 2 T_max.
/// </summary>
public sealed class CosineAnnealingLR(double baseLr, double tMax, double etaMin = 0) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step) =>
        etaMin + ((baseLr - etaMin) * (1 + Math.Cos(Math.PI * step / tMax)) / 2);
}
