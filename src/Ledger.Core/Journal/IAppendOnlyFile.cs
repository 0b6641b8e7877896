namespace Ledger.Core.Journal;

/// <summary>An append-only file as the journal sees it; the seam where tests inject ENOSPC and EIO.</summary>
public interface IAppendOnlyFile : IDisposable
{
    /// <summary>Current length in bytes (written, not necessarily durable).</summary>
    long Length { get; }

    /// <summary>Writes bytes at the end; NOT durable until <see cref="FlushToDisk"/> returns.</summary>
    void Append(ReadOnlySpan<byte> bytes);

    /// <summary>fsync: everything appended so far is on stable storage when this returns.</summary>
    void FlushToDisk();

    /// <summary>Cuts the file back to <paramref name="length"/> bytes (undoing a partial append).</summary>
    void Truncate(long length);
}
