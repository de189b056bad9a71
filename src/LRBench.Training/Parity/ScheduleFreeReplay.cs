using System.Globalization;
using System.Text.Json;
using LRBench.Schedules.Parity;
using LRBench.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LRBench.Training.Parity;

/// <summary>
/// Replays a file in the format of tests/golden/schedulefree_reference.json: trajectories of the authors' schedule-free
/// optimizers on a small network (logits = tanh(x w1' + b1) w2' + b2, mean cross-entropy), 40 steps from recorded
/// weights and batches. Each case is rebuilt from its optimizer name and parameters alone and run in float64; every
/// step's loss and warmed-up LR, and the parameters in train mode (y) and eval mode (x) after the recorded steps, are
/// compared. The error of a value is |ours - reference| / max(|reference|, 1), so values near zero compare absolutely.
/// </summary>
public static class ScheduleFreeReplay
{
    /// <summary>The largest error a value may have and still pass, in float64.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>The most steps a case may replay (its batches are held in memory).</summary>
    public const int MaxSteps = 10_000;

    private static readonly string[] Weights = ["w1", "b1", "w2", "b2"];

    /// <summary>Replays every case of the file at <paramref name="path"/>; throws for a missing, oversized or malformed file.</summary>
    public static IReadOnlyList<GoldenCaseResult> Run(string path, double tolerance = DefaultTolerance)
    {
        using var doc = GoldenJson.Read(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("init", out var init) || !root.TryGetProperty("batches", out var batches) || batches.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path} is not a schedule-free recording: expected \"init\", \"batches\" and \"cases\" (the format of schedulefree_reference.json)");
        }

        if (batches.GetArrayLength() > MaxSteps) throw new InvalidDataException($"{path} holds {batches.GetArrayLength()} batches; at most {MaxSteps} are replayed");
        return [.. cases.EnumerateArray().Select((c, i) => Guard(c, i, init, batches, tolerance))];
    }

    private static GoldenCaseResult Guard(JsonElement c, int index, JsonElement init, JsonElement batches, double tolerance)
    {
        string source = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("optimizer", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() ?? "?" : "?";
        string name = $"{index}: {source}{Settings(c)}";
        try
        {
            return Replay(name, source, c, init, batches, tolerance);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or IndexOutOfRangeException or OverflowException or InvalidDataException)
        {
            return new GoldenCaseResult(name, source, false, double.PositiveInfinity, 0, "cannot replay: " + e.Message);
        }
    }

    /// <summary>The case's settings in a few words (lr, warm-up, r, weight_lr_power, weight decay), for its line.</summary>
    private static string Settings(JsonElement c)
    {
        if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("params", out var p) || p.ValueKind != JsonValueKind.Object) return "";
        string Get(string key) => p.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "?";
        return $" lr={Get("lr")} warmup={Get("warmup_steps")} r={Get("r")} p={Get("weight_lr_power")} wd={Get("weight_decay")}";
    }

    private static GoldenCaseResult Replay(string name, string source, JsonElement c, JsonElement init, JsonElement batches, double tolerance)
    {
        using var scope = NewDisposeScope();
        var parameters = Weights.ToDictionary(w => w, w => new Parameter(Tensor(init.GetProperty(w))));
        var optimizer = Create(source, c.GetProperty("params"), parameters.Values);
        using var owned = optimizer;
        var losses = Numbers(c.GetProperty("losses"));
        var lrs = Numbers(c.GetProperty("scheduled_lr"));
        int steps = losses.Length;
        if (steps == 0 || lrs.Length != steps || steps > batches.GetArrayLength()) throw new FormatException("losses and scheduled_lr need one value per step, and a batch for each");
        var checkpoints = c.GetProperty("after_step");

        double worst = 0;
        string? problem = null;
        void Compare(double ours, double expected, string what)
        {
            double error = ours == expected ? 0 : Math.Abs(ours - expected) / Math.Max(Math.Abs(expected), 1);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            worst = Math.Max(worst, error);
            if (error > tolerance && problem is null) problem = $"{what} = {ours.ToString("R", CultureInfo.InvariantCulture)}, expected {expected.ToString("R", CultureInfo.InvariantCulture)}";
        }

        void CompareWeights(JsonElement expected, string mode, int step)
        {
            foreach (string w in Weights)
            {
                var reference = Numbers(expected.GetProperty(w), flatten: true);
                var ours = parameters[w].detach().flatten().data<double>().ToArray();
                if (ours.Length != reference.Length) throw new FormatException($"{mode}.{w} after step {step} has {reference.Length} values, the network {ours.Length}");
                for (int i = 0; i < ours.Length; i++) Compare(ours[i], reference[i], $"{mode}.{w}[{i}] after step {step}");
            }
        }

        for (int t = 0; t < steps; t++)
        {
            using var stepScope = NewDisposeScope();
            var batch = batches[t];
            var x = Tensor(batch.GetProperty("x"));
            var y = torch.tensor(batch.GetProperty("y").EnumerateArray().Select(v => v.GetInt64()).ToArray());
            optimizer.zero_grad();
            var hidden = nn.functional.linear(x, parameters["w1"], parameters["b1"]).tanh();
            var loss = nn.functional.cross_entropy(nn.functional.linear(hidden, parameters["w2"], parameters["b2"]), y);
            Compare(loss.item<double>(), losses[t], $"loss at step {t}");
            loss.backward();
            optimizer.step();
            Compare(optimizer.ScheduledLearningRates[0], lrs[t], $"scheduled LR at step {t}");
            if (checkpoints.TryGetProperty((t + 1).ToString(CultureInfo.InvariantCulture), out var recorded))
            {
                CompareWeights(recorded.GetProperty("train_y"), "train_y", t + 1);
                optimizer.eval();
                CompareWeights(recorded.GetProperty("eval_x"), "eval_x", t + 1);
                optimizer.train();
            }
        }

        return new GoldenCaseResult(name, source, problem is null, worst, steps, problem);
    }

    private static ScheduleFreeOptimizer Create(string source, JsonElement p, IEnumerable<Parameter> parameters)
    {
        var options = new ScheduleFreeOptions
        {
            LearningRate = p.GetProperty("lr").GetDouble(),
            WeightDecay = p.GetProperty("weight_decay").GetDouble(),
            WarmupSteps = p.GetProperty("warmup_steps").GetInt64(),
            R = p.GetProperty("r").GetDouble(),
            WeightLrPower = p.GetProperty("weight_lr_power").GetDouble(),
        };
        switch (source)
        {
            case "SGDScheduleFree":
                options.Momentum = p.GetProperty("momentum").GetDouble();
                return new ScheduleFreeSgd(parameters, options);
            case "AdamWScheduleFree":
                var betas = Numbers(p.GetProperty("betas"));
                if (betas.Length != 2) throw new FormatException("betas must be [beta1, beta2]");
                (options.Momentum, options.Beta2, options.Epsilon) = (betas[0], betas[1], p.GetProperty("eps").GetDouble());
                return new ScheduleFreeAdamW(parameters, options);
            default:
                throw new FormatException($"unknown optimizer '{source}'; known: SGDScheduleFree, AdamWScheduleFree");
        }
    }

    /// <summary>A float64 tensor from a JSON number, list or list of lists (rectangular).</summary>
    private static Tensor Tensor(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new FormatException($"expected a list, found {e.ValueKind}");
        if (e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Array)
        {
            var rows = e.EnumerateArray().Select(r => Numbers(r)).ToArray();
            int width = rows[0].Length;
            if (rows.Any(r => r.Length != width)) throw new FormatException("a matrix has rows of different lengths");
            return torch.tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, width], ScalarType.Float64);
        }

        var values = Numbers(e);
        return torch.tensor(values, [values.Length], ScalarType.Float64);
    }

    private const int MaxListValues = 1_000_000;

    /// <summary>A bounded list of numbers (<see cref="GoldenJson.Numbers"/>); with <paramref name="flatten"/>, a matrix's rows one after another.</summary>
    private static double[] Numbers(JsonElement e, bool flatten = false)
    {
        if (!flatten || e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0 || e[0].ValueKind != JsonValueKind.Array) return GoldenJson.Numbers(e, MaxListValues);
        if (e.GetArrayLength() > MaxListValues) throw new FormatException($"a list holds {e.GetArrayLength()} values; at most {MaxListValues} are replayed");
        return [.. e.EnumerateArray().SelectMany(r => GoldenJson.Numbers(r, MaxListValues))];
    }
}
