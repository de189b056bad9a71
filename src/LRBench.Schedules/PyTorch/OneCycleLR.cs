namespace LRBench.Schedules.PyTorch;

/// <summary>
/// torch.optim.lr_scheduler.OneCycleLR (Smith and Topin): from max_lr/div_factor up to max_lr over pct_start of the
/// run, then down to max_lr/(div_factor final_div_factor); three_phase goes back to the initial LR before the final
/// annealing. Momentum or beta1 moves inversely. Phase boundaries are PyTorch's own (pct_start T - 1, 2 pct_start T - 2,
/// T - 1). Past the last step PyTorch raises (or, at exactly total_steps, extrapolates); this policy holds the final LR.
/// </summary>
public sealed class OneCycleLR : Schedule
{
    private readonly Phase[] _phases;
    private readonly long _totalSteps;
    private readonly bool _cosine;
    private readonly bool _cycleMomentum;

    /// <summary>PyTorch's parameters (total_steps given directly); <paramref name="cosine"/> is anneal_strategy='cos', false for 'linear'.</summary>
    public OneCycleLR(double maxLr, long totalSteps, double pctStart = 0.3, bool cosine = true, bool cycleMomentum = true,
        double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
    {
        _totalSteps = totalSteps;
        _cosine = cosine;
        _cycleMomentum = cycleMomentum;
        double initialLr = maxLr / divFactor;
        double minLr = initialLr / finalDivFactor;
        double firstEnd = (pctStart * totalSteps) - 1;
        _phases = threePhase
            ? [
                new(firstEnd, initialLr, maxLr, maxMomentum, baseMomentum),
                new((2 * pctStart * totalSteps) - 2, maxLr, initialLr, baseMomentum, maxMomentum),
                new(totalSteps - 1, initialLr, minLr, maxMomentum, maxMomentum),
            ]
            : [
                new(firstEnd, initialLr, maxLr, maxMomentum, baseMomentum),
                new(totalSteps - 1, maxLr, minLr, baseMomentum, maxMomentum),
            ];
    }

    /// <summary>The run length the phases were laid out for.</summary>
    public long TotalSteps => _totalSteps;

    /// <inheritdoc />
    public override bool CyclesMomentum => _cycleMomentum;

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        var (phase, pct) = Locate(step);
        return Anneal(phase.StartLr, phase.EndLr, pct);
    }

    /// <inheritdoc />
    public override double? Momentum(long step)
    {
        if (!_cycleMomentum) return null;
        var (phase, pct) = Locate(step);
        return Anneal(phase.StartMomentum, phase.EndMomentum, pct);
    }

    private (Phase Phase, double Pct) Locate(long step)
    {
        double s = Math.Min(step, _totalSteps - 1);
        double start = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (s <= phase.EndStep || i == _phases.Length - 1)
            {
                double span = phase.EndStep - start;
                // A phase of zero length (pct_start T <= 1) makes PyTorch divide by zero; take its end value instead.
                double pct = span > 0 ? (s - start) / span : 1.0;
                return (phase, pct);
            }

            start = phase.EndStep;
        }

        throw new InvalidOperationException("unreachable: the last phase always matches");
    }

    private double Anneal(double start, double end, double pct) => _cosine
        ? end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1))
        : ((end - start) * pct) + start;

    private readonly record struct Phase(double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum);
}
