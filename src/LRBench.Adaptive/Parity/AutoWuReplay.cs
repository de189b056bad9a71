using System.Globalization;
using System.Text.Json;
using LRBench.Adaptive.Gp;
using LRBench.Schedules.Parity;

namespace LRBench.Adaptive.Parity;

/// <summary>
/// Replays a file in the format of tests/golden/autowu_reference.json against our GP and scheduler, with the
/// issue's tolerances: regressor cases compare fitted outputscale and noise (10% relative), the predictive mean
/// (0.02 absolute), argmin x (0.01) and the past-minimum probability (0.02); trajectory cases drive AutoWU with the
/// recorded loss formula and noise and compare the switch epoch (exactly), the restart LR (10%), every step's phase,
/// and the warm-up and decay-shape LRs (1e-9 relative).
/// </summary>
public static class AutoWuReplay
{
    /// <summary>Replays every case of the recording at <paramref name="path"/> (the format of tests/golden/autowu_reference.json); throws for a missing or malformed file.</summary>
    public static IReadOnlyList<ReplayResult> Run(string path)
    {
        var doc = GoldenJson.Read(path);
        using var owned = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path} is not a recording: expected a JSON object with regressor_cases and trajectory_cases, found {root.ValueKind}");
        var results = new List<ReplayResult>();
        foreach (var (key, replay) in new (string, Func<JsonElement, ReplayResult>)[] { ("regressor_cases", Regressor), ("trajectory_cases", Trajectory) })
        {
            if (!root.TryGetProperty(key, out var cases)) continue;
            if (cases.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{path}: \"{key}\" must be an array of cases, found {cases.ValueKind}");
            foreach (var c in cases.EnumerateArray()) results.Add(Guard(c, replay));
        }

        if (results.Count == 0) throw new InvalidDataException($"{path} holds no regressor_cases or trajectory_cases");
        return results;
    }

    private static ReplayResult Guard(JsonElement c, Func<JsonElement, ReplayResult> replay)
    {
        string name = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? "?" : "?";
        try
        {
            return replay(c);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or IndexOutOfRangeException or OverflowException or InvalidDataException)
        {
            return new ReplayResult(name, false, $"cannot replay: {e.Message}");
        }
    }

    /// <summary>The longest loss curve a regressor case may fit: the GP holds n x n matrices (2,000 points: 32 MB each).</summary>
    public const int MaxRegressorPoints = 2_000;

    /// <summary>The longest trajectory a case may replay, in steps (and at most <see cref="MaxRegressorPoints"/> epochs, which AutoWU fits).</summary>
    public const long MaxTrajectorySteps = 1_000_000;

    private static double[] Numbers(JsonElement e, long max) => GoldenJson.Numbers(e, max);

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static ReplayResult Regressor(JsonElement c)
    {
        string name = "regressor " + c.GetProperty("name").GetString();
        var y = Numbers(c.GetProperty("losses"), MaxRegressorPoints);
        if (y.Length < 2) throw new FormatException("a regressor case needs at least two losses");
        var x = Enumerable.Range(0, y.Length).Select(i => (double)i / y.Length).ToArray();
        var gp = new LossCurveRegressor();
        gp.ResetMean(y.Average());
        gp.Fit(x, y);
        var fitted = c.GetProperty("fitted");
        double s = fitted.GetProperty("outputscale").GetDouble(), noise = fitted.GetProperty("noise").GetDouble();
        var p = gp.Predict(x, y, [.. Enumerable.Range(0, 500).Select(i => i / 499.0)]);
        var mean = Numbers(c.GetProperty("pred_mean_every_10"), 50);
        double meanError = mean.Select((m, i) => Math.Abs(p.Mean[i * 10] - m)).Max();
        double argmin = c.GetProperty("argmin_x").GetDouble(), prob = c.GetProperty("past_minimum_prob").GetDouble();
        var failures = new List<string>();
        if (Math.Abs(gp.OutputScale / s - 1) > 0.1) failures.Add($"outputscale {F(gp.OutputScale)} vs {F(s)}");
        if (Math.Abs(gp.Noise / noise - 1) > 0.1) failures.Add($"noise {F(gp.Noise)} vs {F(noise)}");
        if (meanError > 0.02) failures.Add($"mean off by {F(meanError)}");
        if (Math.Abs(p.ArgMinX - argmin) > 0.01) failures.Add($"argmin {F(p.ArgMinX)} vs {F(argmin)}");
        if (Math.Abs(p.PastMinimumProbability - prob) > 0.02) failures.Add($"probability {F(p.PastMinimumProbability)} vs {F(prob)}");
        string detail = $"outputscale {F(gp.OutputScale)}/{F(s)}, noise {F(gp.Noise)}/{F(noise)}, mean err {meanError:E1}, argmin {F(p.ArgMinX)}/{F(argmin)}, p {F(p.PastMinimumProbability)}/{F(prob)}";
        return new ReplayResult(name, failures.Count == 0, failures.Count == 0 ? detail : string.Join("; ", failures));
    }

    private static ReplayResult Trajectory(JsonElement c)
    {
        string name = "trajectory " + c.GetProperty("name").GetString();
        long spe = c.GetProperty("steps_per_epoch").GetInt64();
        long epochs = c.GetProperty("total_epochs").GetInt64();
        if (spe < 1 || epochs < 1 || epochs > MaxRegressorPoints || spe > MaxTrajectorySteps / epochs)
            throw new FormatException($"steps_per_epoch x total_epochs must be positive, at most {MaxRegressorPoints} epochs and {MaxTrajectorySteps} steps");
        long total = spe * epochs;
        double best = c.GetProperty("best_log10_lr").GetDouble();
        double scale = c.GetProperty("scale").GetDouble();
        var noise = Numbers(c.GetProperty("noise"), MaxTrajectorySteps);
        var recorded = Numbers(c.GetProperty("lr"), MaxTrajectorySteps);
        var phaseList = c.GetProperty("phase");
        if (phaseList.ValueKind != JsonValueKind.Array || phaseList.GetArrayLength() > MaxTrajectorySteps) throw new FormatException($"phase must be a list of at most {MaxTrajectorySteps} names");
        var phases = phaseList.EnumerateArray().Select(v => v.GetString()).ToArray();
        long expectedSwitch = c.GetProperty("switch_after_step").GetInt64();
        double expectedLr = c.GetProperty("lr_after_switch").GetDouble();
        if (noise.Length < total || recorded.Length < total || phases.Length < total) throw new FormatException("noise, lr and phase need one value per step");

        var auto = new AutoWu(new AutoWuOptions(), total, spe);
        var ours = new double[total];
        var ourPhases = new string[total];
        for (long t = 0; t < total; t++)
        {
            ours[t] = auto.LearningRate;
            // The loss formula the recording was made with: 0.3 + 2 exp(-t/400) + scale (d^2 if d < 0 else 4 d^2) + noise[t].
            double d = Math.Log10(Math.Max(ours[t], 1e-12)) - best;
            auto.Observe(0.3 + (2 * Math.Exp(-t / 400.0)) + (scale * (d < 0 ? d * d : 4 * d * d)) + noise[t]);
            ourPhases[t] = auto.Phase.ToString().ToLowerInvariant();
        }

        var failures = new List<string>();
        long? switched = auto.SwitchedAfterStep;
        if (switched is null || switched.Value / spe != expectedSwitch / spe)
            failures.Add($"switch after epoch {(switched is null ? "never" : (switched.Value / spe).ToString(CultureInfo.InvariantCulture))} vs {expectedSwitch / spe}");
        double restart = auto.RestartLr ?? double.NaN;
        if (!(Math.Abs(restart / expectedLr - 1) <= 0.1)) failures.Add($"restart LR {F(restart)} vs {F(expectedLr)}");
        int phaseMismatch = Enumerable.Range(0, (int)total).Count(t => ourPhases[t] != phases[t]);
        if (phaseMismatch > 0) failures.Add($"{phaseMismatch} steps in another phase");
        if (failures.Count == 0)
        {
            for (long t = 0; t < total; t++)
            {
                double a = t < expectedSwitch ? ours[t] : ours[t] / restart;
                double b = t < expectedSwitch ? recorded[t] : recorded[t] / expectedLr;
                if (Math.Abs(a - b) > 1e-9 * Math.Max(1, Math.Abs(b)))
                {
                    failures.Add($"LR at step {t}: {a} vs {b} (relative to the restart after the switch)");
                    break;
                }
            }
        }

        string detail = $"switch after step {switched}/{expectedSwitch}, restart LR {F(restart)}/{F(expectedLr)} ({(restart / expectedLr - 1) * 100:+0.0;-0.0}%), phases and LR shape exact";
        return new ReplayResult(name, failures.Count == 0, failures.Count == 0 ? detail : string.Join("; ", failures));
    }
}
