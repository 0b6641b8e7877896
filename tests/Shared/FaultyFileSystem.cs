using Ledger.Core.Journal;

namespace Ledger.Tests.Shared;

/// <summary>Real files, with injectable faults: a short write then ENOSPC, or a failing fsync (EIO).</summary>
/// <remarks>One source file linked into the test projects that need it (see each .csproj).</remarks>
internal sealed class FaultyFileSystem : IJournalFileSystem
{
    /// <summary>When set, the next append writes this many bytes and then fails like a full disk.</summary>
    public int? FailNextAppendAfterBytes { get; set; }

    /// <summary>When set, the next fsync fails like EIO.</summary>
    public bool FailNextFlush { get; set; }

    public IAppendOnlyFile OpenAppend(string path) => new FaultyFile(this, PhysicalJournalFileSystem.Instance.OpenAppend(path));

    private sealed class FaultyFile(FaultyFileSystem owner, IAppendOnlyFile inner) : IAppendOnlyFile
    {
        public long Length => inner.Length;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (owner.FailNextAppendAfterBytes is { } partial)
            {
                owner.FailNextAppendAfterBytes = null;
                inner.Append(bytes[..Math.Min(partial, bytes.Length)]);
                throw new IOException("No space left on device", 28);
            }
            inner.Append(bytes);
        }

        public void FlushToDisk()
        {
            if (owner.FailNextFlush)
            {
                owner.FailNextFlush = false;
                throw new IOException("Input/output error");
            }
            inner.FlushToDisk();
        }

        public void Truncate(long length) => inner.Truncate(length);

        public void Dispose() => inner.Dispose();
    }
}
