using System.IO.Compression;
using System.Text.RegularExpressions;
using LRBench.Studies.Storage;

namespace LRBench.Studies.Running;

/// <summary>
/// A trial's checkpoint folder (model, optimizer and state files, no subfolders) as one archive for the store, and
/// back. An archive read from the store is not trusted: only plain file names are unpacked (no folders, no "..",
/// nothing absolute), at most <see cref="TrialQueue.MaxCheckpointBytes"/> in all, into a new folder that replaces the
/// checkpoint folder only once it is whole.
/// </summary>
internal static partial class CheckpointArchive
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex PlainName();

    /// <summary>The files of <paramref name="folder"/> as a ZIP archive (stored, not compressed: weights hardly compress and time matters more).</summary>
    public static byte[] Pack(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(file);
                if (!PlainName().IsMatch(name)) throw new InvalidDataException($"{file}: not a checkpoint file name");
                zip.CreateEntryFromFile(file, name, CompressionLevel.NoCompression);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Unpacks <paramref name="archive"/> into <paramref name="folder"/> (created, or replaced when there): written
    /// beside it first and moved in place, so a crash leaves no half-written checkpoint.
    /// </summary>
    /// <exception cref="InvalidDataException">The archive is not one this class wrote: an entry that is a folder or has a path, or too large.</exception>
    public static void Unpack(byte[] archive, string folder)
    {
        string staging = folder + ".from-store";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (!PlainName().IsMatch(entry.FullName))
                    throw new InvalidDataException($"the stored checkpoint holds '{entry.FullName}': only plain file names (letters, digits, '.', '_', '-') are allowed");
                total += entry.Length;
                if (total > TrialQueue.MaxCheckpointBytes) throw new InvalidDataException($"the stored checkpoint unpacks to more than {TrialQueue.MaxCheckpointBytes / (1024 * 1024)} MiB");
                entry.ExtractToFile(Path.Combine(staging, entry.FullName), overwrite: false);
            }

            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(staging, folder);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }
}
