using Ledger.Core.Journal;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Journal;

public sealed class PhysicalJournalFileSystemTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Append_TruncateThenAppendAgain_FileHoldsExactlyTheKeptBytes()
    {
        var path = Path.Combine(_dir.Path, "file.jsonl");
        using (var file = PhysicalJournalFileSystem.Instance.OpenAppend(path))
        {
            file.Append("abc\n"u8);
            file.Append("def\n"u8);
            file.FlushToDisk();
            file.Truncate(4);
            file.Append("xyz\n"u8);
            file.FlushToDisk();
            Assert.Equal(8, file.Length);
        }

        Assert.Equal("abc\nxyz\n", File.ReadAllText(path));
    }

    [Fact]
    public void OpenAppend_ExistingFile_AppendsAtItsEnd()
    {
        var path = Path.Combine(_dir.Path, "file.jsonl");
        File.WriteAllText(path, "first\n");

        using (var file = PhysicalJournalFileSystem.Instance.OpenAppend(path))
        {
            Assert.Equal(6, file.Length);
            file.Append("second\n"u8);
            file.FlushToDisk();
            Assert.Equal(13, file.Length);
        }

        Assert.Equal("first\nsecond\n", File.ReadAllText(path));
    }
}
