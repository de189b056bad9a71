using System.Globalization;
using System.Text.Json;
using LRBench.Adaptive;
using LRBench.Schedules;

namespace LRBench.Bench;

/// <summary>
/// What the tests of a finished AutoWU run (an <c>lrbench train --out DIR</c> folder) saw: for the last test, the
/// GP's minimum x* as a step and the warm-up LR at that step, the LR the test would restart at had it ended the
/// warm-up. For runs whose warm-up ran to its cap or whose training collapsed first (docs/results.md, AutoWU).
/// </summary>
internal static class AutoWuInspect
{
    public static int Report(string directory)
    {
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "result.json")));
        var plan = result.RootElement.GetProperty("Plan");
        long total = plan.GetProperty("TotalSteps").GetInt64(), perEpoch = plan.GetProperty("StepsPerEpoch").GetInt64();
        // The full spec (with its arguments) is in the checkpoint's fingerprint; a run that diverged has no
        // checkpoint, and then the plan's policy name stands for the defaults.
        string state = Path.Combine(directory, "checkpoint", "state.json");
        string policy = File.Exists(state)
            ? JsonDocument.Parse(JsonDocument.Parse(File.ReadAllText(state)).RootElement.GetProperty("Fingerprint").GetString()!).RootElement.GetProperty("Policy").GetString()!
            : plan.GetProperty("Policy").GetString()!;
        var clock = new RunClock(perEpoch, total);
        var schedule = (AutoWuSchedule)Policies.Registry.Compile(policy, clock);
        var auto = (AutoWu)schedule.Start();
        auto.RestoreState(File.ReadAllText(Path.Combine(directory, "policy-state.json")));
        var prediction = auto.LastTestPrediction();
        if (prediction is null)
        {
            Console.WriteLine($"{directory}: {policy}, no test ran");
            return 0;
        }

        long step = (long)Math.Round(prediction.ArgMinX * auto.History.Count);
        var last = auto.Tests[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{directory}: {policy}, batch {plan.GetProperty("BatchSize").GetInt64()}; {auto.Tests.Count} tests, last at step {last.Step} (positive: {last.Positive}); " +
            $"its x* = {prediction.ArgMinX:F3} of {auto.History.Count} losses = step {step}, warm-up LR there {schedule.LearningRate(step):G3}; " +
            $"restart LR {(auto.RestartLr is double r ? r.ToString("G4", CultureInfo.InvariantCulture) : "none")} after step {auto.SwitchedAfterStep?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        return 0;
    }
}
