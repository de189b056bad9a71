using System.Text.Json;

namespace LRBench.Schedules.Parity;

/// <summary>
/// Reads a golden (reference) file for the replay commands: at most <see cref="MaxBytes"/> bytes, read through a
/// bounded buffer so a huge or endless file (a device, a FIFO's writer) cannot exhaust memory, and parsed as strict
/// JSON: a key given twice in one object is an error, not a silent choice of one of them.
/// </summary>
public static class GoldenJson
{
    /// <summary>The largest golden file read; the recordings in tests/golden are well under 1 MiB.</summary>
    public const int MaxBytes = 64 << 20;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    /// <summary>
    /// The parsed file; throws <see cref="FileNotFoundException"/> for a missing file and
    /// <see cref="InvalidDataException"/> (naming the file and the rule) for one too large or not strict JSON.
    /// </summary>
    public static JsonDocument Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"{path} is a directory; give a golden JSON file");
        if (!File.Exists(path)) throw new FileNotFoundException($"golden file not found: {path}", path);
        byte[] bytes = ReadBounded(path);
        try
        {
            return JsonDocument.Parse(bytes, Strict);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON (a key may appear once per object): {e.Message}", e);
        }
    }

    /// <summary>
    /// A list of numbers from a recording, refused (<see cref="FormatException"/>, which fails the case) when it is
    /// not a list or holds more than <paramref name="max"/> values: a replay allocates for every value.
    /// </summary>
    public static double[] Numbers(JsonElement list, long max)
    {
        if (list.ValueKind != JsonValueKind.Array) throw new FormatException($"expected a list of numbers, found {list.ValueKind}");
        if (list.GetArrayLength() > max) throw new FormatException($"a list holds {list.GetArrayLength()} values; at most {max} are replayed");
        return [.. list.EnumerateArray().Select(v => v.GetDouble())];
    }

    private static byte[] ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (memory.Length + n > MaxBytes)
                throw new InvalidDataException($"{path} is larger than {MaxBytes >> 20} MiB, the most a golden file may hold");
            memory.Write(buffer, 0, n);
        }

        return memory.ToArray();
    }
}
