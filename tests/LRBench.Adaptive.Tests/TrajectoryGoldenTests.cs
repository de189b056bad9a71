using System.Text.Json;

namespace LRBench.Adaptive.Tests;

/// <summary>AutoWU driven by the recorded synthetic losses of the original's trajectory cases.</summary>
public sealed class TrajectoryGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Golden()));
        foreach (var c in doc.RootElement.GetProperty("trajectory_cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static string Golden() =>
        SharedFiles.Find("golden/autowu_reference.json") ?? throw new FileNotFoundException("../shared/golden/autowu_reference.json is missing");

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_switch_epoch_is_the_originals_and_the_restart_lr_within_10_percent(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Golden()));
        var c = doc.RootElement.GetProperty("trajectory_cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        long spe = c.GetProperty("steps_per_epoch").GetInt64();
        long total = spe * c.GetProperty("total_epochs").GetInt64();
        double best = c.GetProperty("best_log10_lr").GetDouble();
        double scale = c.GetProperty("scale").GetDouble();
        var noise = c.GetProperty("noise").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var recorded = c.GetProperty("lr").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var phases = c.GetProperty("phase").EnumerateArray().Select(v => v.GetString()).ToArray();
        var ours = new double[total];
        var ourPhases = new string[total];
        var auto = new AutoWu(new AutoWuOptions(), total, spe);
        for (long t = 0; t < total; t++)
        {
            double lr = auto.LearningRate;
            ours[t] = lr;
            double d = Math.Log10(Math.Max(lr, 1e-12)) - best;
            double loss = 0.3 + (2 * Math.Exp(-t / 400.0)) + (scale * (d < 0 ? d * d : 4 * d * d)) + noise[t];
            auto.Observe(loss);
            ourPhases[t] = auto.Phase.ToString().ToLowerInvariant(); // recorded as the phase after step t
        }

        long expectedSwitch = c.GetProperty("switch_after_step").GetInt64();
        double expectedLr = c.GetProperty("lr_after_switch").GetDouble();
        Assert.Equal(expectedSwitch / spe, auto.SwitchedAfterStep!.Value / spe);
        Assert.InRange(auto.RestartLr!.Value / expectedLr, 0.9, 1.1);

        // Everything but the restart value is deterministic: the warm-up LRs, the phase of every step, and the shape
        // of the decay relative to the restart LR match the recording.
        Assert.Equal(phases, ourPhases);
        for (long t = 0; t < total; t++)
        {
            double a = t < expectedSwitch ? ours[t] : ours[t] / auto.RestartLr.Value;
            double b = t < expectedSwitch ? recorded[t] : recorded[t] / expectedLr;
            Assert.True(Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b)), $"step {t}: {a} vs {b}");
        }
    }
}
