using System.Runtime.InteropServices;

namespace Ledger.Core;

/// <summary>fsync for directories and the temp → fsync → rename → fsync-directory sequence for sealed files.</summary>
/// <remarks>
/// A rename is durable only once the directory entry is (ALICE, OSDI'14). .NET has no API to fsync a directory,
/// so on Unix the directory is opened read-only with open(2) and fsync(2)'d; Windows has no equivalent need.
/// </remarks>
public static partial class FileSystemDurability
{
    private const int ORdOnly = 0;

    /// <summary>fsyncs a directory so that creations and renames in it survive a crash.</summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fd = Open(directory, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Writes a file atomically and durably: temp → fsync → rename → fsync directory, then read-only.</summary>
    /// <remarks>Written in synced, paced steps (<see cref="WriteBehindFileStream"/>), so a large file does not hold up the journal's fsyncs.</remarks>
    public static void WriteSealedFile(string path, Action<Stream> write, bool readOnly = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = TempPathFor(path);
        using (var stream = new WriteBehindFileStream(temp, sha256: false))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        PublishSealedFile(temp, path, readOnly);
    }

    /// <summary>The temp file a sealed file is written as: hidden, beside it, removed at start-up when a crash left it.</summary>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + ".tmp");

    /// <summary>The last steps of a sealed file whose temp file is complete and fsync'd: rename → fsync directory, then read-only.</summary>
    public static void PublishSealedFile(string temp, string path, bool readOnly = true)
    {
        File.Move(temp, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (readOnly && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
