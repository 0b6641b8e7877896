using System.IO.Compression;
using System.Security.Cryptography;

namespace Ledger.Core.Retention;

/// <summary>Where a checkpoint file lives (in checkpoints/ or gzip'd under checkpoints/archive/) and how to hash it.</summary>
/// <remarks>
/// The manifest's SHA-256 is always that of the original, uncompressed bytes, so an archived file is hashed through
/// a decompressing stream: verification and restore check the same digest whichever copy they read.
/// </remarks>
internal static class CheckpointFiles
{
    public const string ArchiveExtension = ".gz";

    public static string LivePath(DataDirectoryLayout layout, string name) => Path.Combine(layout.Checkpoints, name);

    public static string ArchivePath(DataDirectoryLayout layout, string name) =>
        Path.Combine(layout.CheckpointArchive, name + ArchiveExtension);

    /// <summary>Opens a file for reading, decompressing it when it is an archive copy.</summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(ArchiveExtension, StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>Lower-case hex SHA-256 and length of the (decompressed) content of <paramref name="path"/>.</summary>
    public static (string Sha256, long Bytes) Hash(string path)
    {
        using var stream = OpenRead(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    /// <summary>Deletes a sealed (read-only) file.</summary>
    public static void Delete(string path)
    {
        File.SetAttributes(path, FileAttributes.Normal);
        File.Delete(path);
    }
}
