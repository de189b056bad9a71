namespace LRBench.Reporting;

/// <summary>
/// How a page built by <see cref="PageLayout"/> gets its stylesheets and scripts (<see cref="WebAssets"/>): linked
/// from a server that serves them, each script marked with the page's Content-Security-Policy nonce (the dashboard),
/// or inlined, so the page is one file that works offline (report.html and the other reports).
/// </summary>
public sealed record PageAssets
{
    private PageAssets(string? prefix, string? nonce)
    {
        Prefix = prefix;
        Nonce = nonce;
    }

    /// <summary>Where linked assets are served from (for example <c>/assets/</c>); null when inlined.</summary>
    public string? Prefix { get; }

    /// <summary>The nonce every script element carries (linked pages); null when inlined.</summary>
    public string? Nonce { get; }

    /// <summary>True when the assets are written into the page itself.</summary>
    public bool Inlined => Prefix is null;

    /// <summary>Assets served under <paramref name="prefix"/>, scripts marked with <paramref name="nonce"/> (base64: letters, digits, +, / and =).</summary>
    public static PageAssets Linked(string prefix, string nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (!nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) throw new ArgumentException("a nonce is base64: letters, digits, +, / and =", nameof(nonce));
        if (prefix.Any(c => c is '"' or '<' or '>' or '&')) throw new ArgumentException("a prefix is a plain path", nameof(prefix));
        return new PageAssets(prefix, nonce);
    }

    /// <summary>Assets written into the page: one self-contained file.</summary>
    public static PageAssets Inline { get; } = new(null, null);
}
