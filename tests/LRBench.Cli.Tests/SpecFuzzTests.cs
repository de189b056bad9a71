using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using LRBench.Schedules;
using LRBench.Schedules.Specs;

namespace LRBench.Cli.Tests;

/// <summary>
/// Generated policy specs, well-formed and not, through the parser, the compiler and `lrbench schedule values`
/// in-process: the only failure allowed is the documented one (a SpecException; exit 2 with one line), every rate
/// printed is finite and non-negative (no -0), and no spec costs more than a bounded amount of memory.
/// </summary>
public sealed class SpecFuzzTests
{
    private const int Steps = 60;
    private const long MaxBytesPerSpec = 256L << 20;

    private static readonly PolicyRegistry Registry = LRBench.Adaptive.Policies.Registry;

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.1", "1e-3", "2", "10", "1000", "1e-320", "-1e-320", "4.9e-324", "1e308", "-1e308", "1.7976931348623157e308",
        "1e300", "1e-300", "nan", "inf", "-inf", "9223372036854775807", "-9223372036854775808", "1e19", "0.5", "3.0000000000000004",
    ];

    private static readonly string[] Words =
    [
        "true", "false", "null", "maybe", "cos", "linear", "triangular2", "exp_range", "min", "\"quoted\"", "'single'", "ü", "🙂", "名前",
        "\"a\\\"b\"", "'", "\"", "x y", "1e-320dur", "2ep", "0.5dur", "-1ep", "100ba", "1e308ep", "0dur", "nanep", "3xyz",
    ];

    private static readonly string Punctuation = "()[],='\" \t\n\0\u00a0\u200b";

    [Property(MaxTest = 1200)]
    public void Any_generated_spec_is_compiled_or_refused_with_one_line_and_never_yields_a_bad_rate(int seed)
    {
        Check(Generate(seed));
    }

    private static string Generate(int seed)
    {
        var random = new Random(seed);
        return random.Next(10) switch
        {
            0 => Json(random, depth: 0),
            1 or 2 => Mutate(random, Policy(random, 0)),
            _ => Policy(random, 0),
        };
    }

    [Fact]
    public void The_generator_makes_valid_specs_as_well_as_broken_ones()
    {
        // A fuzz whose every spec is refused at the first character would test nothing past the parser.
        int compiled = 0, total = 1200;
        for (int seed = 0; seed < total; seed++)
        {
            try
            {
                Registry.Compile(PolicySpec.ParseAny(Generate(seed)), new RunClock(StepsPerEpoch: 10, TotalSteps: Steps, BaseLearningRate: 0.1));
                compiled++;
            }
            catch (SpecException)
            {
            }
        }

        Assert.InRange(compiled, total / 10, total * 9 / 10);
    }

    [Fact]
    public void Extreme_nesting_and_size_are_refused_not_overflowed()
    {
        Check("FIX(k0=" + new string('[', 60_000) + "1" + new string(']', 60_000) + ")");
        Check(string.Concat(Enumerable.Repeat("warmup(", 100_000)) + "FIX(k0=1)" + string.Concat(Enumerable.Repeat(", length=1)", 100_000)));
        Check("{\"policy\": \"FIX\", \"params\": {\"k0\": " + new string('[', 10_000) + new string(']', 10_000) + "}}");
        Check("FIX(k0=" + new string('1', 200_000) + ")");
    }

    /// <summary>One spec through the compiler and the CLI, with everything the fuzz test promises asserted.</summary>
    private static void Check(string spec)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var schedule = Registry.Compile(PolicySpec.ParseAny(spec), new RunClock(StepsPerEpoch: 10, TotalSteps: Steps, BaseLearningRate: 0.1));
            for (long t = 0; t < Steps; t++)
            {
                double lr = schedule.LearningRate(t);
                Assert.True(double.IsFinite(lr) && lr >= 0, $"{Show(spec)}: lr[{t}] = {lr}");
            }
        }
        catch (SpecException)
        {
            // the documented refusal
        }
        catch (Exception e)
        {
            Assert.Fail($"{Show(spec)}: {e.GetType().Name}: {e.Message}");
        }

        var (code, output, err) = Cli.Run("schedule", "values", "--spec", spec, "--steps", Steps.ToString(CultureInfo.InvariantCulture), "--lr", "0.1", "--steps-per-epoch", "10");
        Assert.True(code is 0 or 2, $"{Show(spec)}: exit {code}: {err}");
        if (code == 2)
        {
            Cli.AssertBadInput(code, err);
        }
        else
        {
            var rows = output.TrimEnd().Split('\n').Skip(1).ToList();
            Assert.Equal(Steps, rows.Count);
            foreach (string row in rows)
            {
                foreach (string cell in row.TrimEnd('\r').Split(',').Skip(1).Where(c => c.Length > 0))
                {
                    double v = double.Parse(cell, CultureInfo.InvariantCulture);
                    Assert.True(double.IsFinite(v), $"{Show(spec)}: {row}");
                    Assert.False(cell.StartsWith('-') && v == 0, $"{Show(spec)}: negative zero in {row}");
                }

                Assert.True(double.Parse(row.Split(',')[1], CultureInfo.InvariantCulture) >= 0, $"{Show(spec)}: {row}");
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxBytesPerSpec, $"{Show(spec)}: allocated {allocated / 1e6:F0} MB");
    }

    private static string Show(string spec) => spec.Length > 300 ? spec[..300] + "..." : spec;

    private static string Policy(Random r, int depth)
    {
        var definitions = Registry.Definitions;
        string name = r.Next(15) == 0 ? Words[r.Next(Words.Length)] : definitions[r.Next(definitions.Count)].Name;
        var definition = Registry.Find(name);
        if (definition is null || r.Next(20) == 0) return name + (r.Next(2) == 0 ? "" : "(" + Value(r, ParameterKind.Number, depth + 1) + ")");
        var parts = new List<string>();
        foreach (var p in definition.Parameters)
        {
            if (p.Required ? r.Next(12) == 0 : r.Next(3) != 0) continue; // now and then leave out a required one
            var kind = r.Next(10) == 0 ? (ParameterKind)r.Next(Enum.GetValues<ParameterKind>().Length) : p.Kind; // now and then the wrong kind
            parts.Add($"{p.Name}={Value(r, kind, depth + 1)}");
        }

        if (r.Next(25) == 0) parts.Add($"no_such_parameter={Value(r, ParameterKind.Number, depth + 1)}");
        if (r.Next(30) == 0 && parts.Count > 0) parts.Add(parts[0]); // a parameter given twice
        parts = [.. parts.OrderBy(_ => r.Next())];
        return $"{name}({string.Join(", ", parts)})";
    }

    private static string Value(Random r, ParameterKind kind, int depth)
    {
        if (depth > 6 && kind is ParameterKind.Policy or ParameterKind.Policies) kind = ParameterKind.Number;
        return kind switch
        {
            ParameterKind.Number => r.Next(3) == 0 ? Numbers[r.Next(Numbers.Length)] : (r.NextDouble() * Math.Pow(10, r.Next(-6, 4))).ToString("R", CultureInfo.InvariantCulture),
            ParameterKind.Integer => r.Next(3) == 0 ? Numbers[r.Next(Numbers.Length)] : r.Next(-5, 2000).ToString(CultureInfo.InvariantCulture),
            ParameterKind.Steps => r.Next(2) == 0 ? Words[r.Next(18, Words.Length)] : r.Next(0, 200).ToString(CultureInfo.InvariantCulture),
            ParameterKind.Numbers or ParameterKind.Integers or ParameterKind.StepsList =>
                "[" + string.Join(", ", Enumerable.Range(0, r.Next(0, 5)).Select(_ => Value(r, ParameterKind.Integer, depth + 1))) + "]",
            ParameterKind.Policy => Policy(r, depth),
            ParameterKind.Policies => "[" + string.Join(", ", Enumerable.Range(0, r.Next(0, 4)).Select(_ => Policy(r, depth))) + "]",
            _ => Words[r.Next(Words.Length)],
        };
    }

    private static string Mutate(Random r, string spec)
    {
        var text = new StringBuilder(spec);
        for (int i = 0, n = r.Next(1, 4); i < n && text.Length > 0; i++)
        {
            int at = r.Next(text.Length);
            switch (r.Next(4))
            {
                case 0: text.Length = at; break; // truncated
                case 1: text.Insert(at, Punctuation[r.Next(Punctuation.Length)]); break;
                case 2: text.Remove(at, 1); break;
                default: text.Insert(at, spec[..Math.Min(spec.Length, r.Next(1, 40))]); break;
            }
        }

        return text.ToString();
    }

    private static string Json(Random r, int depth)
    {
        string policy = Registry.Definitions[r.Next(Registry.Definitions.Count)].Name;
        return r.Next(8) switch
        {
            0 => "{\"policy\": 5}",
            1 => "[1, 2, 3]",
            2 => "{\"policy\": \"StepLR\", \"params\": {\"step_size\": \"x\", \"base_lr\": [0.1]}}",
            3 => "{\"policy\": \"" + policy + "\", \"params\": " + JsonValue(r, depth + 1) + "}",
            4 => "{\"source\": \"torch.optim.lr_scheduler." + policy + "\", \"params\": {\"base_lr\": " + Numbers[r.Next(Numbers.Length)].Replace("nan", "\"nan\"", StringComparison.Ordinal) + ", \"steps\": -1}}",
            5 => "{\"policy\": \"join\", \"params\": {\"schedules\": [" + Json(r, depth + 1) + "], \"at\": []}}",
            6 => "{",
            _ => "{\"policy\": \"" + policy + "\", \"params\": {\"" + Words[r.Next(Words.Length)].Replace("\"", "", StringComparison.Ordinal) + "\": " + JsonValue(r, depth + 1) + "}}",
        };
    }

    private static string JsonValue(Random r, int depth) => (depth > 5 ? r.Next(4) : r.Next(7)) switch
    {
        0 => "1e-320",
        1 => "\"" + Words[r.Next(Words.Length)].Replace("\"", "", StringComparison.Ordinal) + "\"",
        2 => "null",
        3 => "true",
        4 => "[" + JsonValue(r, depth + 1) + ", " + JsonValue(r, depth + 1) + "]",
        5 => "{\"k0\": " + JsonValue(r, depth + 1) + "}",
        _ => Json(r, depth + 1),
    };
}
