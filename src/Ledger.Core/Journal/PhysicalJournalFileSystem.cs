namespace Ledger.Core.Journal;

/// <summary>The real file system: unbuffered FileStreams, fsync through <c>Flush(flushToDisk: true)</c>.</summary>
public sealed class PhysicalJournalFileSystem : IJournalFileSystem
{
    public static readonly PhysicalJournalFileSystem Instance = new();

    public IAppendOnlyFile OpenAppend(string path) => new PhysicalAppendOnlyFile(path);

    private sealed class PhysicalAppendOnlyFile : IAppendOnlyFile
    {
        private readonly FileStream _stream;

        public PhysicalAppendOnlyFile(string path)
        {
            // bufferSize 0: every Append is one write(2); batching happens above, in the group commit.
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 0);
            _stream.Seek(0, SeekOrigin.End);
        }

        public long Length => _stream.Length;

        public void Append(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

        public void FlushToDisk() => _stream.Flush(flushToDisk: true);

        public void Truncate(long length)
        {
            _stream.SetLength(length);
            _stream.Seek(0, SeekOrigin.End);
        }

        public void Dispose() => _stream.Dispose();
    }
}
