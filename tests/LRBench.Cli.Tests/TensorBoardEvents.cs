using Google.Protobuf;

namespace LRBench.Cli.Tests;

/// <summary>
/// Reads TensorBoard event files back, independently of the writer: each record is a little-endian uint64 length,
/// the masked CRC-32C of those 8 bytes, the data (a protobuf <c>Event</c>), and the masked CRC-32C of the data. Both
/// checksums are verified. Event: 1 wall_time (double), 2 step (int64), 3 file_version (string), 5 summary; Summary: 1
/// value (repeated); Value: 1 tag (string), 2 simple_value (float). Other fields are skipped.
/// </summary>
internal static class TensorBoardEvents
{
    public sealed record Scalar(string Tag, long Step, float Value);

    /// <summary>Every scalar in every event file under <paramref name="runDirectory"/>, in file and record order.</summary>
    public static List<Scalar> Read(string runDirectory)
    {
        var scalars = new List<Scalar>();
        foreach (string file in Directory.GetFiles(runDirectory, "events.out.tfevents.*").Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(file);
            int at = 0;
            bool first = true;
            while (at < bytes.Length)
            {
                ulong length = BitConverter.ToUInt64(bytes, at);
                Assert.Equal(Masked(Crc32C(bytes.AsSpan(at, 8))), BitConverter.ToUInt32(bytes, at + 8));
                var data = bytes.AsSpan(at + 12, checked((int)length));
                Assert.Equal(Masked(Crc32C(data)), BitConverter.ToUInt32(bytes, at + 12 + (int)length));
                var (version, step, values) = ParseEvent(data.ToArray());
                if (first) Assert.Equal("brain.Event:2", version); // every file starts with its version record
                first = false;
                scalars.AddRange(values.Select(v => new Scalar(v.Tag, step, v.Value)));
                at += 12 + (int)length + 4;
            }
        }

        return scalars;
    }

    private static (string? Version, long Step, List<(string Tag, float Value)> Values) ParseEvent(byte[] data)
    {
        var input = new CodedInputStream(data);
        string? version = null;
        long step = 0;
        var values = new List<(string, float)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 2: step = input.ReadInt64(); break;
                case 3: version = input.ReadString(); break;
                case 5:
                {
                    var summary = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint st;
                    while ((st = summary.ReadTag()) != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(st) != 1)
                        {
                            summary.SkipLastField();
                            continue;
                        }

                        var value = new CodedInputStream(summary.ReadBytes().ToByteArray());
                        string name = "";
                        float simple = float.NaN;
                        uint vt;
                        while ((vt = value.ReadTag()) != 0)
                        {
                            switch (WireFormat.GetTagFieldNumber(vt))
                            {
                                case 1: name = value.ReadString(); break;
                                case 2: simple = value.ReadFloat(); break;
                                default: value.SkipLastField(); break;
                            }
                        }

                        values.Add((name, simple));
                    }

                    break;
                }

                default: input.SkipLastField(); break;
            }
        }

        return (version, step, values);
    }

    private static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8U;

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit: slow and obviously right.</summary>
    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78U : crc >> 1;
        }

        return ~crc;
    }
}
