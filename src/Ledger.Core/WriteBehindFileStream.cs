using System.Diagnostics;
using System.Security.Cryptography;
using Ledger.Core.Journal;

namespace Ledger.Core;

/// <summary>
/// A new file written beside the live journal without stalling the journal's fsyncs: every <c>chunkBytes</c> written
/// are synced to disk and dropped from the page cache, then the writer pauses as long as that sync took. On request
/// the SHA-256 of the bytes is computed on the way, so the finished file need not be read back.
/// </summary>
/// <remarks>
/// <para>
/// Written as an ordinary buffered file, a seal's ~1 GB of JSON (1 M records) sat dirty in the page cache and went to
/// the disk in bursts, the last one at the final fsync, while the journal's fsyncs waited in the same device queue: at
/// 20,000 msgs/s the acked p99 rose from ~4 ms to 30–75 ms during the seal and every message waited up to 2.2 s at its
/// end. A 20 KB append + fsync loop beside a plain 1 GB write had a p99 of ~100 ms and waits of 210–430 ms; beside the
/// same write synced in 2 MiB steps, each followed by a pause as long as its sync, p99 2.4 ms (2.7–4.7 in 1 MiB
/// steps), and the write still ran at ~500 MB/s (docs/PERFORMANCE.md, twenty-fifth session). Syncing alone (no pause)
/// kept the disk busy all the time: the loop's p50 1.7–2.5 ms instead of 0.7. <c>sync_file_range</c> in place of the
/// sync: p99 10–24 ms.
/// </para>
/// <para>
/// Every sealed file goes through it (<see cref="FileSystemDurability.WriteSealedFile"/>): checkpoints, journal
/// segments, the journal rewritten by a rotation, archives. A rotation wrote its gigabytes as plain files until the
/// twenty-sixth session, and the acked p99 at 20,000 msgs/s reached seconds.
/// </para>
/// <para>
/// The chunk syncs are for pacing only: the file is durable after <see cref="Flush(bool)"/> with <c>true</c>, as any
/// file. Write-only and sequential (no seeking), which is what keeps the running hash equal to the file's bytes.
/// </para>
/// </remarks>
internal sealed class WriteBehindFileStream : Stream
{
    /// <summary>Bytes between syncs.</summary>
    public const int DefaultChunkBytes = 2 << 20;

    // A sync that took longer than this (a stalled disk) is not mirrored in full: the seal would only get slower.
    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _file;
    private readonly IncrementalHash? _sha256;
    private readonly int _chunkBytes;
    private long _written;
    private long _synced;

    /// <summary>Creates (or truncates) <paramref name="path"/>; with <paramref name="sha256"/>, hashes what is written.</summary>
    public WriteBehindFileStream(string path, bool sha256 = true, int chunkBytes = DefaultChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 4096);
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _sha256 = sha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        _chunkBytes = chunkBytes;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    /// <summary>Lower-case hex SHA-256 of every byte written so far.</summary>
    /// <exception cref="InvalidOperationException">The stream was created without hashing.</exception>
    public string Sha256Hex() => _sha256 is null
        ? throw new InvalidOperationException("this stream was created without sha256")
        : Convert.ToHexStringLower(_sha256.GetCurrentHash());

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        _sha256?.AppendData(buffer);
        _written += buffer.Length;
        if (_written - _synced >= _chunkBytes)
        {
            SyncChunk();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => _file.Flush();

    /// <summary>Writes the buffered bytes to the file; with <paramref name="flushToDisk"/> true, durably (fsync).</summary>
    public void Flush(bool flushToDisk) => _file.Flush(flushToDisk);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _sha256?.Dispose();
        }
        base.Dispose(disposing);
    }

    private void SyncChunk()
    {
        var started = Stopwatch.GetTimestamp();
        _file.Flush(flushToDisk: true);
        var took = Stopwatch.GetElapsedTime(started);
        // Synced pages are clean: dropping them keeps a seal of gigabytes from filling the page cache.
        PageCache.DropCleanPages(_file.SafeFileHandle, _synced, _written);
        _synced = _written;
        var pause = took < MaxPause ? took : MaxPause;
        Thread.Sleep(TimeSpan.FromMilliseconds(Math.Ceiling(pause.TotalMilliseconds)));
    }
}
