namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.swa_utils.SWALR: anneals from the optimizer's LR to swa_lr over anneal_epochs steps of the scheduler,
/// then holds swa_lr. PyTorch rebuilds the starting LR from the group's current one every step; as long as nothing
/// else changes the LR that equals the closed form swa_lr a(t) + base_lr (1 - a(t)), t = clamp(step / max(1,
/// anneal_epochs), 0, 1), a(t) = (1 - cos(pi t)) / 2 for 'cos' or t for 'linear'. With anneal_epochs = 0 it is swa_lr
/// from the start (PyTorch's step = max(1, step)).
/// </summary>
public sealed class SWALR(double baseLr, double swaLr, long annealEpochs, bool cosine) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        long s = annealEpochs == 0 ? Math.Max(1, step) : step;
        double t = Math.Clamp((double)s / Math.Max(1, annealEpochs), 0, 1);
        double alpha = cosine ? (1 - Math.Cos(Math.PI * t)) / 2 : t;
        return (swaLr * alpha) + (baseLr * (1 - alpha));
    }
}
