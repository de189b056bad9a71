namespace LRBench.Reporting;

/// <summary>
/// The files an LRBench web page loads: the chart library (uPlot, bundled from npm at build time), its stylesheet and
/// licence, and LRBench's own chart script and stylesheet. The dashboard serves them under <c>/assets/</c>;
/// report.html inlines them, so it is one file that works offline.
/// </summary>
public static class WebAssets
{
    /// <summary>The names there are, each with its media type; nothing else is served.</summary>
    public static IReadOnlyDictionary<string, string> MediaTypes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["uplot.min.js"] = "text/javascript; charset=utf-8",
        ["uplot.min.css"] = "text/css; charset=utf-8",
        ["uplot.LICENSE.txt"] = "text/plain; charset=utf-8",
        ["canvas-charts.js"] = "text/javascript; charset=utf-8",
        ["charts.js"] = "text/javascript; charset=utf-8",
        ["lrbench.css"] = "text/css; charset=utf-8",
    };

    private static readonly Dictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The text of the asset <paramref name="name"/>, or null when there is no such asset.</summary>
    public static string? Text(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!MediaTypes.ContainsKey(name)) return null;
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out string? text)) return text;
            using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("web/" + name)
                ?? throw new InvalidOperationException($"The assembly lacks its web asset {name}: it was built without `npm ci` (LRBench.Reporting.csproj).");
            using var reader = new StreamReader(stream);
            return Cache[name] = reader.ReadToEnd();
        }
    }

    private static readonly Lazy<string> Hash = new(() =>
    {
        var all = string.Concat(MediaTypes.Keys.Order(StringComparer.Ordinal).Select(name => name + "\0" + Text(name) + "\0"));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(all)))[..16];
    });

    /// <summary>
    /// A digest of every asset's content: linked pages ask for <c>NAME?v=VERSION</c>, which a browser may keep for good
    /// (the address changes when an asset does), so a page loaded again fetches none of them.
    /// </summary>
    public static string Version => Hash.Value;

    /// <summary>The scripts a page with charts loads, in order.</summary>
    public static IReadOnlyList<string> Scripts { get; } = ["uplot.min.js", "canvas-charts.js", "charts.js"];

    /// <summary>The stylesheets a page with charts loads, in order.</summary>
    public static IReadOnlyList<string> Stylesheets { get; } = ["uplot.min.css", "lrbench.css"];
}
