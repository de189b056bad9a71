using LRBench.Schedules.Catalogue;
using System.Text.Json;
using System.Text.Json.Nodes;
using LRBench.Schedules.Specs;

namespace LRBench.Schedules.Parity;

/// <summary>
/// Checks policies against a file in the format of tests/golden/schedules_reference.json: each case is built from
/// its <c>source</c> and <c>params</c> alone, every step's LR (and momentum) is compared. The error of a value is
/// |ours - reference| / max(|reference|, 1e-12 x the case's largest reference value), so exact zeros compare sanely.
/// A case that cannot be mapped is a failure, never a skip.
/// </summary>
public static class GoldenCheck
{
    /// <summary>The largest relative error a step may have and still pass.</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>Checks every case of the reference file at <paramref name="path"/>; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> for a missing, oversized or malformed file (<see cref="GoldenJson"/>).</summary>
    public static IReadOnlyList<GoldenCaseResult> Run(string path, PolicyRegistry? registry = null, double tolerance = DefaultTolerance)
    {
        using var parsed = GoldenJson.Read(path);
        JsonNode? root = parsed.RootElement.ValueKind == JsonValueKind.Object ? JsonObject.Create(parsed.RootElement.Clone()) : null;
        if (root is not JsonObject document || document["cases"] is not JsonObject cases)
            throw new InvalidDataException($"{path} has no \"cases\" object (expected the format of schedules_reference.json)");
        return [.. cases.Select(c => RunCase(c.Key, c.Value, registry ?? BuiltInPolicies.Registry, tolerance))];
    }

    /// <summary>Checks one case (its JSON object) by building the policy from its <c>source</c> and <c>params</c>.</summary>
    public static GoldenCaseResult RunCase(string name, JsonNode? node, PolicyRegistry registry, double tolerance)
    {
        string source = "?";
        try
        {
            if (node is not JsonObject obj) throw new InvalidDataException("case is not an object");
            source = obj["source"] is JsonValue s && s.TryGetValue(out string? text) ? text : "?";
            var expectedLr = ReadArray(obj["lr"], "lr") ?? throw new InvalidDataException("case has no \"lr\" array");
            var expectedMomentum = ReadArray(obj["momentum"], "momentum");
            var specObject = new JsonObject { ["source"] = source, ["params"] = obj["params"]?.DeepClone() };
            var document = SpecJson.Read(specObject.ToJsonString());
            long steps = document.Steps ?? expectedLr.Length;
            var schedule = registry.Compile(document.Policy, new RunClock(StepsPerEpoch: document.StepsPerEpoch, TotalSteps: steps));

            double scale = expectedLr.Max(Math.Abs);
            double worst = 0;
            string? problem = null;
            for (int t = 0; t < expectedLr.Length; t++)
            {
                double err = RelativeError(schedule.LearningRate(t), expectedLr[t], scale);
                if (err > worst || double.IsNaN(err)) worst = double.IsNaN(err) ? double.PositiveInfinity : err;
                if (err > tolerance && problem is null) problem = $"lr[{t}] = {schedule.LearningRate(t):R}, expected {expectedLr[t]:R}";
            }

            if (expectedMomentum is not null)
            {
                if (!schedule.CyclesMomentum) throw new InvalidDataException("the reference cycles momentum but the policy does not");
                double mScale = expectedMomentum.Max(Math.Abs);
                for (int t = 0; t < expectedMomentum.Length; t++)
                {
                    double ours = schedule.Momentum(t) ?? double.NaN;
                    double err = RelativeError(ours, expectedMomentum[t], mScale);
                    if (err > worst || double.IsNaN(err)) worst = double.IsNaN(err) ? double.PositiveInfinity : err;
                    if (err > tolerance && problem is null) problem = $"momentum[{t}] = {ours:R}, expected {expectedMomentum[t]:R}";
                }
            }

            return new GoldenCaseResult(name, source, problem is null, worst, expectedLr.Length, problem);
        }
        catch (Exception e) when (e is SpecException or InvalidDataException or InvalidOperationException or FormatException or JsonException)
        {
            return new GoldenCaseResult(name, source, false, double.PositiveInfinity, 0, "cannot map: " + e.Message);
        }
    }

    private static double RelativeError(double ours, double expected, double scale)
    {
        if (ours == expected) return 0;
        return Math.Abs(ours - expected) / Math.Max(Math.Abs(expected), 1e-12 * scale);
    }

    private static double[]? ReadArray(JsonNode? node, string what)
    {
        if (node is null) return null;
        if (node is not JsonArray array) throw new InvalidDataException($"\"{what}\" is not an array");
        return [.. array.Select(v => v?.GetValue<double>() ?? throw new InvalidDataException($"\"{what}\" holds a null"))];
    }
}
