using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LRBench.Training.Metrics;

/// <summary>
/// A snapshot's outputs on the evaluation set (log-softmax, float32, row-major sample x class), kept beside the
/// snapshot so ensembles of snapshots can be evaluated later without the models; and the ensemble rule itself.
/// </summary>
public static class SnapshotProbabilities
{
    public const string FileName = "eval-logprobs.bin";

    private const int Magic = 0x4C504231; // "LPB1"

    public static void Write(string path, ReadOnlySpan<float> logProbabilities)
    {
        string tmp = path + ".tmp";
        using (var file = File.Create(tmp))
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], logProbabilities.Length);
            file.Write(header);
            file.Write(MemoryMarshal.AsBytes(logProbabilities)); // x86-64 and ARM64 are little-endian
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static float[] Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"snapshot outputs {path} are missing; the snapshot cannot join an ensemble", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != Magic)
            throw new InvalidDataException($"{path} is not a snapshot output file");
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (bytes.Length != 8 + (4L * count)) throw new InvalidDataException($"{path} is truncated: {bytes.Length - 8} bytes for {count} values");
        return MemoryMarshal.Cast<byte, float>(bytes.AsSpan(8)).ToArray();
    }

    /// <summary>
    /// Metrics of the ensemble that averages its members' softmax probabilities (not their logits or log-probabilities):
    /// p(c|x) = (1/M) sum_m exp(log p_m(c|x)).
    /// </summary>
    public static ClassificationMetrics Ensemble(IEnumerable<float[]> memberLogProbabilities, int classes, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(memberLogProbabilities);
        double[]? sum = null;
        int members = 0;
        foreach (var lp in memberLogProbabilities)
        {
            sum ??= new double[lp.Length];
            if (lp.Length != sum.Length) throw new ArgumentException($"ensemble members disagree in size ({lp.Length} vs {sum.Length} values)");
            for (int i = 0; i < lp.Length; i++) sum[i] += Math.Exp(lp[i]);
            members++;
        }

        if (sum is null) throw new ArgumentException("an ensemble needs at least one member");
        var averaged = new float[sum.Length];
        for (int i = 0; i < sum.Length; i++) averaged[i] = (float)Math.Log(sum[i] / members);
        return ClassificationMetrics.Compute(averaged, classes, labels);
    }
}
