using System.IO.Compression;

namespace Ledger.Core.Verification;

/// <summary>Streams every line of a .jsonl or .jsonl.gz file, including empty ones, and reports how it ends.</summary>
/// <remarks>
/// Unlike <see cref="Journal.JournalReader"/>, which hides a partial last line because it is not yet a record, verify
/// must see it: a torn tail in the active journal is a warning, in a sealed segment an error. A damaged gzip stream
/// is reported rather than thrown, so one bad segment does not stop the rest of the check.
/// </remarks>
internal static class LineScanner
{
    public delegate void LineHandler(ReadOnlySpan<byte> line, long number);

    /// <summary>Calls <paramref name="onLine"/> for each newline-terminated line (without the newline).</summary>
    public static LineScanResult Scan(string path, LineHandler onLine)
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        long number = 0;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    return new LineScanResult(number, filled, null);
                }
                filled += read;
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
                {
                    onLine(buffer.AsSpan(start, newline - start), ++number);
                    start = newline + 1;
                }
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return new LineScanResult(number, filled, ex.Message);
        }
    }
}

/// <summary>How a scanned file ended.</summary>
/// <param name="Lines">Complete lines read.</param>
/// <param name="TornTailBytes">Bytes after the last newline (a partial last line).</param>
/// <param name="ReadError">Why reading stopped early (a damaged gzip stream), else null.</param>
internal readonly record struct LineScanResult(long Lines, long TornTailBytes, string? ReadError);
