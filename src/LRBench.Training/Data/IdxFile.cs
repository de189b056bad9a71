using System.IO.Compression;

namespace LRBench.Training.Data;

/// <summary>
/// Reads IDX files (the MNIST family's format: two zero bytes, a type byte, a dimension count, big-endian 32-bit
/// sizes, then the data), plain or gzip-compressed (detected from the content, not the name). Only unsigned bytes
/// (type 0x08) are accepted: that is what every MNIST-style image and label file holds.
/// </summary>
public static class IdxFile
{
    /// <summary>The dimensions and the raw bytes of an IDX file of unsigned bytes.</summary>
    public sealed record Content(int[] Dimensions, byte[] Data);

    public static Content Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: file not found");
        byte[] bytes;
        try
        {
            bytes = Decompress(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{path}: the gzip stream is corrupt ({e.Message}); download or reinstall the file", e);
        }

        return Parse(bytes, path);
    }

    public static Content Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new DataException($"{source}: not an IDX file (it must start with two zero bytes); point to the *-ubyte or *-ubyte.gz files");
        if (bytes[2] != 0x08)
            throw new DataException($"{source}: IDX element type 0x{bytes[2]:x2} is not supported; only unsigned bytes (0x08) are");
        int rank = bytes[3];
        if (rank is < 1 or > 4) throw new DataException($"{source}: IDX rank {rank} is not 1 to 4");
        int header = 4 + (4 * rank);
        if (bytes.Length < header) throw new DataException($"{source}: truncated IDX header");
        var dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++)
        {
            int o = 4 + (4 * i);
            long d = ((long)bytes[o] << 24) | ((long)bytes[o + 1] << 16) | ((long)bytes[o + 2] << 8) | bytes[o + 3];
            if (d is <= 0 or > int.MaxValue) throw new DataException($"{source}: IDX dimension {i} is {d}");
            dims[i] = (int)d;
            expected *= d;
        }

        long actual = bytes.Length - header;
        if (actual != expected)
        {
            throw new DataException(
                $"{source}: the header promises {expected} bytes of data ({string.Join("x", dims)}) but the file holds {actual}; the file is truncated or corrupt");
        }

        return new Content(dims, bytes[header..]);
    }

    /// <summary>Reads an image file and its label file into an image set with pixels scaled to [0, 1].</summary>
    public static ImageSet ReadImages(string imagesPath, string labelsPath, int classes)
    {
        var images = Read(imagesPath);
        var labels = Read(labelsPath);
        if (images.Dimensions.Length != 3)
            throw new DataException($"{imagesPath}: an image file has 3 dimensions (count, rows, columns), this one has {images.Dimensions.Length}");
        if (labels.Dimensions.Length != 1)
            throw new DataException($"{labelsPath}: a label file has 1 dimension, this one has {labels.Dimensions.Length}");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new DataException($"{imagesPath} holds {images.Dimensions[0]} images but {labelsPath} holds {labels.Dimensions[0]} labels");

        var pixels = new float[images.Data.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Data[i] / 255f;
        var ys = new int[labels.Data.Length];
        for (int i = 0; i < ys.Length; i++)
        {
            ys[i] = labels.Data[i];
            if (ys[i] >= classes) throw new DataException($"{labelsPath}: label {ys[i]} at index {i} is not a class 0..{classes - 1}");
        }

        return new ImageSet(pixels, ys, new ImageShape(1, images.Dimensions[1], images.Dimensions[2]), classes);
    }

    /// <summary>Writes an IDX file of unsigned bytes (used by tests and to export slices).</summary>
    public static void Write(string path, int[] dimensions, byte[] data, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        using var file = File.Create(path);
        using Stream target = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        target.Write([0, 0, 0x08, (byte)dimensions.Length]);
        foreach (int d in dimensions)
        {
            target.Write([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        target.Write(data);
    }

    private static byte[] Decompress(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        using var input = new MemoryStream(bytes);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
