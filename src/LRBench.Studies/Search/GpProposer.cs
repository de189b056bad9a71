using LRBench.Schedules;
using LRBench.Studies.Model.Definitions;

namespace LRBench.Studies.Search;

/// <summary>
/// Proposes the next setting of a <see cref="BayesianSearch"/>: a Gaussian process (<see cref="GaussianProcess"/>)
/// fitted to the finished settings' scores over the parameters mapped to [0, 1], with every setting still training
/// counted at the worst score seen so far (the constant liar, CL-min: Ginsbourger et al., 2010), so that idle workers
/// proposing side by side spread out instead of proposing the same point; then the candidate with the highest
/// expected improvement over the best score. Candidates are 2,000 uniform points and 500 near the best setting, drawn
/// from streams keyed by (seed, setting index), so the same observations give the same proposal on any machine.
/// With fewer than two finished settings there is nothing to model, and the setting is drawn at random.
/// <para>
/// Why a GP and not TPE: the budgets this is for are a dozen settings over two to four parameters. TPE models the
/// densities of good and bad settings separately and needs more observations than that before it beats random
/// search (Optuna starts it after 10 random ones); a GP with expected improvement uses every observation from the
/// second one on, and its few hyperparameters are fitted here by likelihood.
/// </para>
/// </summary>
public static class GpProposer
{
    private const int UniformCandidates = 2000;
    private const int LocalCandidates = 500;

    /// <summary>
    /// The next setting's parameter values (in <paramref name="search"/>'s space order), the first candidate
    /// <paramref name="accept"/> takes (it refuses settings whose spec does not compile, or that exist already).
    /// </summary>
    /// <param name="search">The search.</param>
    /// <param name="index">The setting's index in the search (0-based); keys the random streams.</param>
    /// <param name="finished">Finished settings: values and score (higher better; NaN for a diverged one, counted as the worst).</param>
    /// <param name="pending">Settings still training: their values.</param>
    /// <param name="accept">Whether a candidate may be proposed.</param>
    public static double[]? Propose(
        BayesianSearch search, int index, IReadOnlyList<(double[] Values, double Score)> finished, IReadOnlyList<double[]> pending, Func<double[], bool> accept)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(accept);
        int d = search.Space.Count;
        var rng = SeededRandom.For(search.Seed, "gp-search", index);
        var finite = finished.Where(f => double.IsFinite(f.Score)).ToList();
        if (finite.Count < 2)
        {
            // Nothing to model yet: uniform draws until one is accepted.
            for (int attempt = 0; attempt < UniformCandidates; attempt++)
            {
                var values = FromUnit(search, [.. Enumerable.Range(0, d).Select(_ => rng.NextDouble())]);
                if (accept(values)) return values;
            }

            return null;
        }

        double worst = finite.Min(f => f.Score);
        double best = finite.Max(f => f.Score);
        var x = new List<double[]>();
        var y = new List<double>();
        foreach (var (values, score) in finished)
        {
            x.Add(ToUnit(search, values));
            y.Add(double.IsFinite(score) ? score : worst);
        }

        foreach (var values in pending)
        {
            x.Add(ToUnit(search, values));
            y.Add(worst); // the constant liar
        }

        var gp = GaussianProcess.Fit(x, y);
        var incumbent = ToUnit(search, finite.MaxBy(f => f.Score).Values);
        var candidates = new List<double[]>(UniformCandidates + LocalCandidates);
        for (int i = 0; i < UniformCandidates; i++) candidates.Add([.. Enumerable.Range(0, d).Select(_ => rng.NextDouble())]);
        for (int i = 0; i < LocalCandidates; i++) candidates.Add([.. incumbent.Select(u => Math.Clamp(u + (0.1 * rng.NextGaussian()), 0, 1))]);
        // The improvement is asked for on a scale of the scores' spread (xi = 1% of it), so it means the same for accuracy or loss.
        double xi = 0.01 * Math.Max(1e-9, best - worst);
        var ranked = candidates
            .Select((u, i) =>
            {
                var (mean, std) = gp.Predict(u);
                return (u, i, ei: GaussianProcess.ExpectedImprovement(mean, std, best, xi));
            })
            .OrderByDescending(c => c.ei).ThenBy(c => c.i);
        foreach (var (u, _, _) in ranked)
        {
            var values = FromUnit(search, u);
            if (accept(values)) return values;
        }

        return null;
    }

    private static double[] ToUnit(BayesianSearch search, double[] values) => [.. search.Space.Select((p, i) => Math.Clamp(p.ToUnit(values[i]), 0, 1))];

    private static double[] FromUnit(BayesianSearch search, double[] unit) => [.. search.Space.Select((p, i) => p.FromUnit(unit[i]))];
}
