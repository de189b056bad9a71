namespace LRBench.Schedules.Shapes;

/// <summary>
/// Seed 004's CyclicalSchedule: repeats a triangle or cosine cycle; after each cycle the length becomes
/// ceil(length * cycle_length_decay) and the whole value (both bounds) is multiplied by cycle_magnitude_decay.
/// </summary>
public sealed class Cyclical(CycleShape shape, double minLr, double maxLr, long cycleLength,
    double cycleLengthDecay = 1, double cycleMagnitudeDecay = 1, double incFraction = 0.5) : Schedule
{
    /// <inheritdoc />
    public override double LearningRate(long step)
    {
        var (index, offset, length) = Locate(step);
        double unit = shape == CycleShape.Triangular
            ? minLr + ((maxLr - minLr) * Triangular.Unit(offset, length, incFraction))
            : minLr + ((maxLr - minLr) * (offset <= length ? UnitShapes.CosineDecay((double)offset / length) : 0));
        return unit * Math.Pow(cycleMagnitudeDecay, index);
    }

    /// <summary>Cycle index, offset in the cycle and the cycle's length at a step (integer cycle counting).</summary>
    public (long Index, long Offset, long Length) Locate(long step)
    {
        long index = 0, start = 0, length = cycleLength;
        while (start + length <= step)
        {
            long next = (long)Math.Ceiling(length * cycleLengthDecay);
            if (next == length)
            {
                // Lengths no longer change: jump over the remaining equal cycles at once.
                long skip = (step - start) / length;
                start += skip * length;
                index += skip;
                break;
            }

            start += length;
            length = Math.Max(1, next);
            index++;
        }

        return (index, step - start, length);
    }
}
