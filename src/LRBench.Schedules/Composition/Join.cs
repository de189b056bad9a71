namespace LRBench.Schedules.Composition;

/// <summary>
/// Pieces in time: piece i runs from boundary i-1 (inclusive) to boundary i, on its own local clock starting at 0
/// (optax's join_schedules, PyTorch's SequentialLR). Momentum comes from the active piece.
/// </summary>
public sealed class Join : Schedule
{
    private readonly Schedule[] _pieces;
    private readonly long[] _boundaries;

    /// <summary>Runs <paramref name="pieces"/> one after another; piece i starts at <paramref name="boundaries"/>[i - 1] and sees its own local step (starting at 0). One boundary fewer than pieces, increasing.</summary>
    public Join(IReadOnlyList<Schedule> pieces, IReadOnlyList<long> boundaries)
    {
        if (pieces.Count == 0) throw new SpecException("schedules", "at least one schedule is needed");
        if (boundaries.Count != pieces.Count - 1)
            throw new SpecException("boundaries", $"{pieces.Count} schedules need {pieces.Count - 1} boundaries (got {boundaries.Count})");
        for (int i = 0; i < boundaries.Count; i++)
        {
            if (boundaries[i] < 0 || (i > 0 && boundaries[i] <= boundaries[i - 1]))
                throw new SpecException("boundaries", $"must be non-negative and strictly increasing (got [{string.Join(", ", boundaries)}])");
        }

        _pieces = [.. pieces];
        _boundaries = [.. boundaries];
    }

    /// <summary>The schedules, in order.</summary>
    public IReadOnlyList<Schedule> Pieces => _pieces;

    /// <summary>The global steps at which each piece after the first starts.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;

    /// <inheritdoc />
    public override bool CyclesMomentum => _pieces.Any(p => p.CyclesMomentum);

    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        var (piece, local) = Locate(step);
        return piece.LearningRate(local);
    }

    /// <inheritdoc />
    public override double? Momentum(long step)
    {
        var (piece, local) = Locate(step);
        return piece.Momentum(local);
    }

    private (Schedule Piece, long Local) Locate(long step)
    {
        int i = 0;
        while (i < _boundaries.Length && step >= _boundaries[i]) i++;
        return (_pieces[i], i == 0 ? step : step - _boundaries[i - 1]);
    }
}
