namespace LRBench.Studies.Analysis;

/// <summary>
/// One policy's performance profile (Dolan and Moré 2002, as MLCommons' AlgoPerf scores training algorithms): for
/// each τ ≥ 1, the fraction of workloads on which it reached the target within τ times the fastest policy's time.
/// </summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Ratios">Per workload, its time over the fastest policy's time (1 where it is the fastest); +∞ where it never reached the target.</param>
/// <param name="Area">
/// The score: ρ(τ) integrated over [1, τ_max] and divided by τ_max − 1, so 1 means fastest on every workload and 0
/// means never within τ_max of the fastest (AlgoPerf's normalisation, τ_max = 4 there).
/// </param>
public sealed record PerformanceProfile(string Policy, IReadOnlyList<double> Ratios, double Area)
{
    /// <summary>ρ(τ): the fraction of workloads whose ratio is at most <paramref name="tau"/>.</summary>
    public double At(double tau) => Ratios.Count == 0 ? 0 : Ratios.Count(r => r <= tau) / (double)Ratios.Count;

    /// <summary>The workloads on which the policy never reached the target.</summary>
    public int NeverReached => Ratios.Count(double.IsPositiveInfinity);

    /// <summary>
    /// The profiles of every policy from <paramref name="times"/>[policy, workload]: seconds or steps to the
    /// workload's target, null (or +∞) where the policy never reached it. A workload no policy solved counts as
    /// unsolved for all.
    /// </summary>
    public static IReadOnlyList<PerformanceProfile> Compute(IReadOnlyList<string> policies, double?[,] times, double tauMax = 4)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(times);
        int p = times.GetLength(0), w = times.GetLength(1);
        if (policies.Count != p) throw new ArgumentException($"{policies.Count} names for {p} policies");
        if (!(tauMax > 1 && double.IsFinite(tauMax))) throw new ArgumentOutOfRangeException(nameof(tauMax), tauMax, "must be a finite number above 1");
        double T(int i, int j) => times[i, j] is double t && double.IsFinite(t) ? t >= 0 ? t : throw new ArgumentException($"a time is negative ({t})") : double.PositiveInfinity;
        var fastest = Enumerable.Range(0, w).Select(j => Enumerable.Range(0, p).Min(i => T(i, j))).ToArray();
        var profiles = new List<PerformanceProfile>(p);
        for (int i = 0; i < p; i++)
        {
            var ratios = Enumerable.Range(0, w).Select(j =>
                double.IsPositiveInfinity(T(i, j)) ? double.PositiveInfinity
                : T(i, j) == fastest[j] ? 1.0
                : T(i, j) / fastest[j]).ToList();
            // ρ is a step function: a workload with ratio r ≤ τ_max adds 1/W on [r, τ_max], so its area is exact.
            double area = w == 0 ? 0 : ratios.Where(r => r <= tauMax).Sum(r => (tauMax - r) / (tauMax - 1)) / w;
            profiles.Add(new PerformanceProfile(policies[i], ratios, area));
        }

        return profiles;
    }
}
