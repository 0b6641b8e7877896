namespace Ledger.Core.Journal;

/// <summary>Appends serialized batches to the journal and the dead letter file with ONE fsync per batch (group commit).</summary>
/// <remarks>
/// The writer never retries an fsync: after a failed fsync the kernel may have dropped the dirty pages, so a retry
/// could report success over lost data (PostgreSQL's "fsyncgate"). <see cref="JournalFsyncException"/> is fatal.
/// </remarks>
public sealed class JournalWriter : IDisposable
{
    private readonly DataDirectoryLayout _layout;
    private readonly IJournalFileSystem _fileSystem;
    private IAppendOnlyFile _journal;
    private readonly IAppendOnlyFile _rejected;
    private long _lastDurableSequence;
    private long _durableJournalBytes;

    public JournalWriter(DataDirectoryLayout layout, IJournalFileSystem fileSystem, long lastDurableSequence)
    {
        _layout = layout;
        _fileSystem = fileSystem;
        Directory.CreateDirectory(layout.Root);
        var journalExisted = File.Exists(layout.Journal);
        _journal = fileSystem.OpenAppend(layout.Journal);
        _rejected = fileSystem.OpenAppend(layout.Rejected);
        if (!journalExisted)
        {
            FileSystemDurability.FlushDirectory(layout.Root);
        }
        _lastDurableSequence = lastDurableSequence;
        _durableJournalBytes = _journal.Length; // what start-up recovery kept is never truncated again
    }

    /// <summary>Sequence of the last record known to be on stable storage.</summary>
    public long LastDurableSequence => Volatile.Read(ref _lastDurableSequence);

    /// <summary>Syncs both files once, before the first commit needs it.</summary>
    /// <remarks>
    /// A first commit paid ~0.8 ms for the files' append and fsync being called for the first time (compiled and
    /// their dispatch resolved: interface methods, which <see cref="Ingest.MethodPrecompiler"/> cannot reach) and the
    /// first fsync of a new file, a few ms on a virtual disk. Nothing is written: an empty append is a real call that
    /// issues no write, and an fsync of a clean file changes nothing on disk.
    /// </remarks>
    public void SyncOpenFiles()
    {
        _journal.Append([]);
        _rejected.Append([]);
        try
        {
            _journal.FlushToDisk();
            _rejected.FlushToDisk();
        }
        catch (IOException ex)
        {
            throw new JournalFsyncException("fsync of the journal failed at start-up", ex);
        }
    }

    /// <summary>Bytes in the active journal.</summary>
    public long JournalBytes => _journal.Length;

    /// <summary>
    /// Bytes at the start of the active journal covered by an fsync: they never change again (a failed append only
    /// truncates back to where it began), so any thread may copy them while appends go on.
    /// </summary>
    public long DurableJournalBytes => Volatile.Read(ref _durableJournalBytes);

    /// <summary>Writes both buffers, fsyncs what was written, and only then publishes <paramref name="lastSequence"/>.</summary>
    /// <remarks>Durable on return. A failed write is undone (truncated back) before the exception leaves.</remarks>
    public void AppendDurable(ReadOnlySpan<byte> journalLines, long lastSequence, ReadOnlySpan<byte> rejectedLines)
    {
        var journalLength = _journal.Length;
        if (!journalLines.IsEmpty)
        {
            AppendOrUndo(_journal, journalLines);
        }
        if (!rejectedLines.IsEmpty)
        {
            try
            {
                AppendOrUndo(_rejected, rejectedLines);
            }
            catch (IOException)
            {
                // The batch is retried as a whole, so its journal lines must go too, or they would be written twice.
                _journal.Truncate(journalLength);
                throw;
            }
        }
        try
        {
            if (!journalLines.IsEmpty)
            {
                _journal.FlushToDisk();
            }
            if (!rejectedLines.IsEmpty)
            {
                _rejected.FlushToDisk();
            }
        }
        catch (IOException ex)
        {
            throw new JournalFsyncException("fsync of the journal failed; stopping, because a retried fsync can hide lost data", ex);
        }
        if (!journalLines.IsEmpty)
        {
            Volatile.Write(ref _durableJournalBytes, _journal.Length);
            Volatile.Write(ref _lastDurableSequence, lastSequence);
        }
    }

    /// <summary>Reopens the journal after a rotation replaced the file (the caller paused appends).</summary>
    public void ReopenJournal()
    {
        _journal.Dispose();
        _journal = _fileSystem.OpenAppend(_layout.Journal);
        Volatile.Write(ref _durableJournalBytes, _journal.Length); // the rotation fsync'd the new file before renaming it
    }

    private static void AppendOrUndo(IAppendOnlyFile file, ReadOnlySpan<byte> bytes)
    {
        var before = file.Length;
        try
        {
            file.Append(bytes);
        }
        catch (IOException)
        {
            // A short write (ENOSPC mid-buffer) must not leave half a line for the next append to continue.
            file.Truncate(before);
            throw;
        }
    }

    public void Dispose()
    {
        _journal.Dispose();
        _rejected.Dispose();
    }
}
