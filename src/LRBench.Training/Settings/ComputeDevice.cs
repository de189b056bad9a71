using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Settings;

/// <summary>
/// Where a run computes: <c>cpu</c>, <c>cuda</c> (the first GPU), <c>cuda:N</c>, or <c>auto</c> (CUDA when TorchSharp
/// finds a device, else the CPU). Parsed once from what a user wrote; stored as that text.
/// </summary>
[JsonConverter(typeof(ComputeDeviceJsonConverter))]
public sealed record ComputeDevice
{
    private ComputeDevice(string text, int? cudaIndex)
    {
        Text = text;
        CudaIndex = cudaIndex;
    }

    /// <summary>The CPU.</summary>
    public static ComputeDevice Cpu { get; } = new("cpu", null);

    /// <summary>CUDA when available, else the CPU.</summary>
    public static ComputeDevice Auto { get; } = new("auto", null);

    /// <summary>The canonical text: cpu, auto, cuda:N.</summary>
    public string Text { get; }

    /// <summary>The GPU asked for, or null for cpu and auto.</summary>
    public int? CudaIndex { get; }

    /// <summary>Reads cpu, cuda, cuda:N or auto (any case); anything else is refused, naming what is allowed.</summary>
    public static ComputeDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return Cpu;
        if (t == "auto") return Auto;
        if (t == "cuda") return new ComputeDevice("cuda:0", 0);
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && t.Length <= 8
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            return new ComputeDevice($"cuda:{index}", index);
        throw new ArgumentException($"unknown device '{(text.Length > 40 ? text[..40] + "..." : text)}'; use cpu, cuda, cuda:N or auto");
    }

    /// <summary>
    /// The TorchSharp device to compute on. <c>auto</c> without CUDA falls back to the CPU and says so in
    /// <paramref name="note"/>; asking for CUDA where there is none (or for a GPU index that does not exist) throws.
    /// </summary>
    public Device Resolve(out string? note)
    {
        bool available = cuda.is_available();
        var (type, index) = Choose(available, available ? cuda.device_count() : 0, out note);
        return type == DeviceType.CPU ? CPU : new Device(type, index);
    }

    /// <summary>The device type and index <see cref="Resolve"/> picks on a machine with <paramref name="gpus"/> CUDA devices (testable without one).</summary>
    internal (DeviceType Type, int Index) Choose(bool cudaAvailable, int gpus, out string? note)
    {
        note = null;
        if (this == Cpu) return (DeviceType.CPU, -1);
        if (this == Auto)
        {
            if (cudaAvailable && gpus > 0) return (DeviceType.CUDA, 0);
            note = "device auto: no CUDA device found, computing on the CPU";
            return (DeviceType.CPU, -1);
        }

        if (!cudaAvailable || gpus == 0)
            throw new ArgumentException($"device {Text}: CUDA is not available here (this build of LRBench uses the CPU libtorch, or no GPU was found); use --device cpu or auto");
        if (CudaIndex >= gpus)
            throw new ArgumentException($"device {Text}: this machine has {gpus} CUDA device{(gpus == 1 ? "" : "s")} (cuda:0..cuda:{gpus - 1})");
        return (DeviceType.CUDA, CudaIndex!.Value);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private sealed class ComputeDeviceJsonConverter : JsonConverter<ComputeDevice>
    {
        public override ComputeDevice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("a device is written as text (cpu, cuda, cuda:N, auto)");
            try
            {
                return Parse(reader.GetString()!);
            }
            catch (ArgumentException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, ComputeDevice value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
    }
}
