namespace LRBench.Studies.Definition;

/// <summary>Every point of a grid: the cartesian product of its axes, first axis outermost (the order trials are queued).</summary>
internal static class GridPoints
{
    public static IEnumerable<List<(string Key, T Value)>> Of<T>(IEnumerable<(string Key, IReadOnlyList<T> Values)> axes)
    {
        IEnumerable<List<(string Key, T Value)>> points = [[]];
        foreach (var (key, values) in axes)
            points = points.SelectMany(point => values.Select(v => new List<(string, T)>(point) { (key, v) }));
        return points;
    }
}
