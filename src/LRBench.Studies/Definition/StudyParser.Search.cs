using LRBench.Schedules.Specs;
using LRBench.Studies.Model.Definitions;
using LRBench.Studies.Search;
using YamlDotNet.RepresentationModel;

namespace LRBench.Studies.Definition;

/// <summary>Study files, continued: a policy entry's <c>search:</c> block: its space, sampler and up-front draws.</summary>
public static partial class StudyParser
{
    /// <summary>The largest size of a search bound (and, inverted, the smallest log_uniform bound): far inside float32.</summary>
    public const double MaxSearchMagnitude = 1e30;

    /// <summary>
    /// The most settings a gp search may propose: every proposal refits the Gaussian process (a Cholesky factorisation
    /// per grid point, O(n^3)) and scores 2,500 candidates (O(n^2) each), about 2 s at 500 settings on one core.
    /// Larger searches belong to the random sampler.
    /// </summary>
    public const int MaxGpTrials = 500;

    private static readonly string[] SearchKeys = ["sampler", "trials", "seed", "space", "initial"];

    /// <summary>
    /// A search over a policy's parameters: <c>search: {sampler: random, trials: N, seed: S, space: {k0:
    /// {log_uniform: [a, b]}, k1: {uniform: [a, b]}, l: {choice: [...]}}}</c>. Every bad range is named with its line
    /// before anything runs. A random search's points are drawn here, once, so its trials are fixed values like a
    /// grid's; a gp search draws its first <c>initial</c> points the same way and returns itself, to propose the rest
    /// while the study runs.
    /// </summary>
    private static (IEnumerable<List<(string Key, SpecValue Value, string Text)>> Points, BayesianSearch? Bayes) ReadSearch(
        Reader r, YamlNode node, string where, HashSet<string> fixedKeys, string entry, string policy)
    {
        var m = r.Mapping(node, where);
        r.Keys(m, SearchKeys, where);
        string samplerName = r.OptionalString(m, "sampler", where) ?? "random";
        var sampler = Samplers.Find(samplerName) ?? throw r.Error(m["sampler"], where + ".sampler",
            $"unknown sampler '{samplerName}'; known: {string.Join(", ", Samplers.All.Select(s => s.Name))} (a grid is the policy entry's grid:)");

        int trials = r.OptionalInt(m, "trials", where, min: 1) ?? throw r.Error(m, where, "'trials' is required: how many points to draw");
        if (trials > MaxTrials) throw r.Error(m["trials"], where + ".trials", $"must be at most {MaxTrials}, got {trials}");
        long seed = m.Children.TryGetValue(new YamlScalarNode("seed"), out var seedNode) ? r.Long(seedNode, where + ".seed") : 0;
        var spaceNode = r.Mapping(r.Required(m, "space", where), where + ".space");
        if (spaceNode.Children.Count == 0) throw r.Error(spaceNode, where + ".space", "is empty; give at least one parameter to search");
        var space = new List<SearchDimension>();
        foreach (var (k, v) in spaceNode.Children)
        {
            string key = r.String(k, where + ".space");
            string at = $"{where}.space.{key}";
            if (fixedKeys.Contains(key)) throw r.Error(k, at, "is also in params; give it in one place");
            var d = r.Mapping(v, at);
            if (d.Children.Count != 1) throw r.Error(d, at, "needs exactly one of uniform: [low, high], log_uniform: [low, high] or choice: [values]");
            var (kindNode, valuesNode) = d.Children.First();
            string kind = r.String(kindNode, at);
            var items = r.Sequence(valuesNode, $"{at}.{kind}");
            switch (kind)
            {
                case "uniform" or "log_uniform":
                {
                    if (items.Children.Count != 2) throw r.Error(valuesNode, $"{at}.{kind}", $"is a [low, high] pair, got {items.Children.Count} values");
                    double low = r.Double(items.Children[0], $"{at}.{kind}[0]"), high = r.Double(items.Children[1], $"{at}.{kind}[1]");
                    if (!(low < high)) throw r.Error(valuesNode, $"{at}.{kind}", $"[{low}, {high}] is empty: the low bound must be below the high one");
                    bool log = kind == "log_uniform";
                    if (log && !(low > 0)) throw r.Error(valuesNode, $"{at}.{kind}", $"needs bounds > 0 (it draws the logarithm), got [{low}, {high}]");
                    // Models train in float32 (about 1.2e-38 to 3.4e38): a range that wide would draw values no optimizer can hold.
                    if (Math.Abs(low) > MaxSearchMagnitude || Math.Abs(high) > MaxSearchMagnitude || (log && low < 1 / MaxSearchMagnitude))
                        throw r.Error(valuesNode, $"{at}.{kind}", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bounds must lie within {MaxSearchMagnitude:G1} in size (and above {1 / MaxSearchMagnitude:G1} for log_uniform), far inside float32's range, got [{low:G4}, {high:G4}]"));
                    space.Add(new SearchDimension(key, log ? SearchDistribution.LogUniform : SearchDistribution.Uniform, low, high, []));
                    break;
                }

                case "choice":
                {
                    var choices = items.Children.Select((n, i) => (Value(r, n, $"{at}.choice[{i}]"), SpecText(r, n, $"{at}.choice[{i}]"))).ToList();
                    if (choices.Count == 0) throw r.Error(valuesNode, $"{at}.choice", "needs at least one value");
                    space.Add(new SearchDimension(key, SearchDistribution.Choice, 0, 0, choices));
                    break;
                }

                default:
                    throw r.Error(kindNode, at, $"unknown distribution '{kind}'; known: uniform, log_uniform, choice");
            }
        }

        if (!sampler.ProposesWhileRunning)
        {
            if (m.Children.ContainsKey(new YamlScalarNode("initial"))) throw r.Error(m["initial"], where + ".initial", $"belongs to the gp sampler; a {sampler.Name} search draws all its trials at once");
            return (SearchDimension.Sample(space, trials, seed), null);
        }

        if (trials > MaxGpTrials)
            throw r.Error(m["trials"], where + ".trials", $"a gp search proposes at most {MaxGpTrials} settings (each proposal refits the model to all of them), got {trials}; use sampler: random for more");

        // The gp sampler models numbers: choices must be numbers.
        var parameters = new List<SearchParameter>();
        foreach (var d in space)
        {
            if (d.Distribution != SearchDistribution.Choice)
            {
                parameters.Add(new SearchParameter(d.Key, d.Distribution, d.Low, d.High, []));
                continue;
            }

            if (d.Choices.Any(c => c.Value is not NumberValue))
                throw r.Error(spaceNode, $"{where}.space.{d.Key}", "the gp sampler searches numbers; a choice of other values (durations, lists) needs sampler: random");
            parameters.Add(new SearchParameter(d.Key, SearchDistribution.Choice, 0, 0, [.. d.Choices.Select(c => ((NumberValue)c.Value).Value)]));
        }

        int initial = r.OptionalInt(m, "initial", where, min: 1) ?? Math.Min(trials, Math.Max(2, space.Count + 1));
        if (initial > trials) throw r.Error(m["initial"], where + ".initial", $"must be at most trials ({trials}), got {initial}");
        var bayes = new BayesianSearch { Id = entry, Sampler = sampler.Name, Function = policy, Space = parameters, Trials = trials, Initial = initial, Seed = seed, Line = (int)node.Start.Line };
        return (SearchDimension.Sample(space, initial, seed), bayes);
    }
}
