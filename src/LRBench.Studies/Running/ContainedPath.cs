namespace LRBench.Studies.Running;

/// <summary>Joins a root folder and names that came from outside (a store, a file) and refuses any result outside the root.</summary>
public static class ContainedPath
{
    /// <summary>
    /// <paramref name="root"/> joined with <paramref name="parts"/>, as a full path; throws an
    /// <see cref="InvalidDataException"/> when a part is rooted or climbs out (<c>..</c>) of the root.
    /// </summary>
    public static string Combine(string root, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(parts);
        string rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string path = rootFull;
        foreach (string part in parts)
        {
            if (string.IsNullOrEmpty(part) || Path.IsPathRooted(part))
                throw new InvalidDataException($"'{part}' cannot name a folder inside {rootFull}");
            path = Path.Combine(path, part);
        }

        string full = Path.GetFullPath(path);
        if (!full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidDataException($"'{string.Join('/', parts)}' would lead out of {rootFull}");
        return full;
    }
}
