using Ledger.Core.Retention;

namespace Ledger.Core.Tests.Retention;

public sealed class GradualFileReleaseTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteFile(int bytes)
    {
        var path = Path.Combine(_dir.Path, "old.jsonl");
        var content = new byte[bytes];
        new Random(5).NextBytes(content);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void Delete_ReadOnlyFileLargerThanAStep_Gone()
    {
        var path = WriteFile((int)GradualFileRelease.StepBytes * 2 + 12_345);
        File.SetAttributes(path, FileAttributes.ReadOnly);

        GradualFileRelease.Delete(path);

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Delete_WhileAnotherHandleReadsIt_TheReaderStillReadsEveryByte()
    {
        // A `ledger report` that opened the journal before a rotation replaced it reads the old file to its end.
        var path = WriteFile((int)GradualFileRelease.StepBytes * 2 + 12_345);
        var expected = File.ReadAllBytes(path);
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        GradualFileRelease.Delete(path);

        Assert.False(File.Exists(path));
        var read = new MemoryStream();
        reader.CopyTo(read);
        Assert.Equal(expected, read.ToArray());
    }

    [Fact]
    public void TryFreeBlocks_SoleHandleOfAnUnlinkedFile_TruncatesItToNothing()
    {
        var path = WriteFile((int)GradualFileRelease.StepBytes * 2 + 1);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        File.Delete(path);

        Assert.True(GradualFileRelease.TryFreeBlocks(handle));

        Assert.Equal(0, RandomAccess.GetLength(handle));
    }

    [Fact]
    public void TryFreeBlocks_AnotherHandleOpenInThisProcess_LeavesTheFileAlone()
    {
        var path = WriteFile((int)GradualFileRelease.StepBytes + 1);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        using (File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            File.Delete(path);

            Assert.False(GradualFileRelease.TryFreeBlocks(handle));

            Assert.Equal(GradualFileRelease.StepBytes + 1, RandomAccess.GetLength(handle));
        }
        Assert.True(GradualFileRelease.TryFreeBlocks(handle)); // the other handle is closed now
    }
}
