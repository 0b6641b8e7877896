using Ledger.Core.Journal;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Core.Retention;

/// <summary>
/// The journal rewritten without its first bytes, copied in rounds while the daemon goes on appending: the caller
/// copies what is durable so far, as often as it likes, and pauses appends only for the last round and
/// <see cref="Publish"/> (temp → fsync → rename → fsync directory).
/// </summary>
/// <remarks>
/// A rotation used to copy the whole tail with appends paused. The tail is what arrived since the seal began: at
/// 20,000 msgs/s a seal and its segment take tens of seconds, so hundreds of megabytes were copied and fsync'd while
/// every message waited (3 s in the twenty-sixth session's probe). Only bytes the journal writer has fsync'd may be
/// copied while appends go on (a failed append is truncated away again); with appends paused, everything in the file
/// is. Disposing an unpublished cut deletes its temp file; a crash leaves it for start-up to remove
/// (<see cref="JournalRotator.RemoveTempFiles"/>).
/// </remarks>
public sealed class JournalPrefixCut : IDisposable
{
    private readonly string _journalPath;
    private readonly string _tempPath;
    private readonly SafeFileHandle _input;
    private readonly WriteBehindFileStream _output;
    private readonly byte[] _buffer = new byte[1 << 16];
    private long _copiedUpTo;
    private long _droppedUpTo;
    private bool _replaced;
    private bool _published;
    private bool _disposed;
    private bool _inputReleased;

    /// <summary>Starts a copy of <paramref name="journalPath"/> from byte <paramref name="from"/> on.</summary>
    public JournalPrefixCut(string journalPath, long from)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        _journalPath = journalPath;
        _tempPath = FileSystemDurability.TempPathFor(journalPath);
        // Writable only so that, once replaced, its blocks can be freed in steps (GradualFileRelease); never written.
        _input = File.OpenHandle(journalPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        _output = new WriteBehindFileStream(_tempPath, sha256: false);
        _copiedUpTo = _droppedUpTo = from;
    }

    /// <summary>Journal offset up to which the bytes have been copied.</summary>
    public long CopiedUpTo => _copiedUpTo;

    /// <summary>Bytes copied so far.</summary>
    public long CopiedBytes => _output.Length;

    /// <summary>Copies the journal's bytes up to <paramref name="offset"/> (which must be durable, or appends paused).</summary>
    /// <exception cref="IOException">The journal ends before <paramref name="offset"/>.</exception>
    public void CopyUpTo(long offset)
    {
        ObjectDisposedException.ThrowIf(_replaced || _disposed, this);
        while (_copiedUpTo < offset)
        {
            var read = RandomAccess.Read(_input, _buffer.AsSpan(0, (int)Math.Min(_buffer.Length, offset - _copiedUpTo)), _copiedUpTo);
            if (read == 0)
            {
                throw new IOException($"{_journalPath} ended at byte {_copiedUpTo}, before {offset}, while rotating");
            }
            _output.Write(_buffer, 0, read);
            _copiedUpTo += read;
        }
        // Read once: the journal writer dropped these pages after its fsync, and nothing reads them again.
        PageCache.DropCleanPages(_input, _droppedUpTo, _copiedUpTo);
        _droppedUpTo = _copiedUpTo;
    }

    /// <summary>fsyncs what has been copied, so that the round with appends paused has only its own bytes to sync.</summary>
    public void Sync() => _output.Flush(flushToDisk: true);

    /// <summary>Makes the copy the journal (call with appends paused, after the last <see cref="CopyUpTo"/>); the caller then reopens its append handle.</summary>
    /// <remarks>
    /// The replaced journal stays open here until <see cref="Dispose"/>, so that closing the writer's handle is not its
    /// last close: the kernel frees a file's blocks at the last close, and for a journal of gigabytes that took
    /// 0.35–2.3 s, which the daemon spent with appends paused (twenty-sixth session). After resuming appends,
    /// <see cref="ReleaseReplaced"/> (or Dispose) frees the old journal's blocks in steps (<see cref="GradualFileRelease"/>).
    /// </remarks>
    public void Publish()
    {
        ObjectDisposedException.ThrowIf(_replaced, this);
        _output.Flush(flushToDisk: true);
        _output.Dispose();
        File.Move(_tempPath, _journalPath, overwrite: true);
        _replaced = true;
        FileSystemDurability.FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(_journalPath))!);
        _published = true;
    }

    /// <summary>
    /// True once the copy has the journal's name, even when <see cref="Publish"/> then failed: the caller must reopen
    /// its append handle, or it would go on appending to a file with no name.
    /// </summary>
    public bool Replaced => _replaced;

    /// <summary>After <see cref="Publish"/>: frees the replaced journal's blocks in steps and closes it (call with appends going on).</summary>
    /// <returns>False when another reader still has the replaced journal open: it is closed here, and freed by that reader's close.</returns>
    public bool ReleaseReplaced()
    {
        if (!_published || _inputReleased)
        {
            throw new InvalidOperationException("nothing replaced to release: publish first, once");
        }
        _inputReleased = true;
        try
        {
            return GradualFileRelease.TryFreeBlocks(_input);
        }
        finally
        {
            _input.Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _output.Dispose();
        if (_published && !_inputReleased)
        {
            _ = ReleaseReplaced();
            return;
        }
        // Renamed but not known durable (the directory's fsync failed): the old journal's bytes are left as they are,
        // since a crash could still bring its name back.
        _input.Dispose();
        if (!_replaced)
        {
            File.Delete(_tempPath);
        }
    }
}
