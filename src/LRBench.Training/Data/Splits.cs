using LRBench.Schedules;

namespace LRBench.Training.Data;

/// <summary>Seeded ways to cut an image set: stratified hold-outs and random subsets.</summary>
public static class Splits
{
    /// <summary>
    /// Moves round(fraction x class size) images of every class to the second set, chosen at random from the seed;
    /// both sets keep the original order of the images they hold.
    /// </summary>
    public static (ImageSet Kept, ImageSet HeldOut) Stratified(ImageSet set, double fraction, long seed, string purpose)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1)");
        var heldOut = new bool[set.Count];
        for (int c = 0; c < set.Classes; c++)
        {
            var members = Enumerable.Range(0, set.Count).Where(i => set.Labels[i] == c).ToArray();
            int take = (int)Math.Round(fraction * members.Length, MidpointRounding.AwayFromZero);
            var order = SeededRandom.For(seed, purpose, c).Permutation(members.Length);
            for (int k = 0; k < take; k++) heldOut[members[order[k]]] = true;
        }

        var kept = Enumerable.Range(0, set.Count).Where(i => !heldOut[i]).ToArray();
        var held = Enumerable.Range(0, set.Count).Where(i => heldOut[i]).ToArray();
        if (kept.Length == 0 || held.Length == 0)
            throw new DataException($"splitting {set.Count} images with fraction {fraction} leaves one side empty; use a fraction nearer 0.5 or more data");
        return (set.Select(kept), set.Select(held));
    }

    /// <summary><paramref name="count"/> images chosen at random from the seed (all of them, in order, when count &gt;= the set's size).</summary>
    public static ImageSet Subset(ImageSet set, int count, long seed, string purpose)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count >= set.Count) return set;
        var order = SeededRandom.For(seed, purpose, 0).Permutation(set.Count);
        var chosen = order.Take(count).Order().ToArray();
        return set.Select(chosen);
    }
}
