using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Journal;

public sealed class JournalReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // read from disk: readahead fills the cache with large folios, which must go too
    public void ReadLinesWithOffsets_WholeFile_EveryLineAndPagesLeaveTheCache(bool cachedBefore)
    {
        var path = _dir.Combine("current_session.jsonl");
        var lines = WriteCachedFile(path, megabytes: 20);
        if (!cachedBefore)
        {
            using var handle = File.OpenHandle(path);
            PageCache.DropCleanPages(handle, 0, RandomAccess.GetLength(handle));
        }

        var read = 0L;
        var lastOffset = 0L;
        foreach (var line in JournalReader.ReadLinesWithOffsets(path))
        {
            read++;
            Assert.Equal(read, line.Number);
            lastOffset = line.EndOffset;
        }

        Assert.Equal(lines, read);
        Assert.Equal(new FileInfo(path).Length, lastOffset);
        if (ResidentPages.DropIsObservable(_dir.Path))
        {
            // The partial last page stays, and the kernel may keep a few pages still queued on another CPU's LRU batch.
            Assert.InRange(ResidentPages.Count(path), 0, 8);
        }
    }

    [Fact]
    public void ReadLinesWithOffsets_StoppedEarly_PagesReadSoFarLeaveTheCache()
    {
        var path = _dir.Combine("current_session.jsonl");
        WriteCachedFile(path, megabytes: 20);
        var observable = ResidentPages.DropIsObservable(_dir.Path);
        var cachedBefore = observable ? ResidentPages.Count(path) : 0;

        var first = JournalReader.ReadLinesWithOffsets(path).Take(3).Select(l => Encoding.UTF8.GetString(l.Bytes.Span)).ToList();

        Assert.Equal(["line 1 " + new string('x', 200), "line 2 " + new string('x', 200), "line 3 " + new string('x', 200)], first);
        if (observable)
        {
            // Only the first 64 KiB block was read: its pages go, the rest of the file stays cached.
            var after = ResidentPages.Count(path);
            Assert.InRange(after, cachedBefore - 16, cachedBefore - 1);
        }
    }

    /// <summary>Writes numbered lines the plain way (pages stay cached, which the test checks) and returns how many.</summary>
    private static long WriteCachedFile(string path, int megabytes)
    {
        long count = 0;
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            while (stream.Length < megabytes << 20)
            {
                count++;
                stream.Write(Encoding.UTF8.GetBytes($"line {count} {new string('x', 200)}\n"));
            }
            stream.Flush(flushToDisk: true);
        }
        if (OperatingSystem.IsLinux())
        {
            // Cached after a plain write on every Linux file system (on tmpfs the cache is the file).
            Assert.True(ResidentPages.Count(path) > (megabytes << 20) / Environment.SystemPageSize / 2, "a freshly written file should be cached");
        }
        return count;
    }
}
