using System.Security.Cryptography;
namespace Ledger.Core.Tests;

public sealed class WriteBehindFileStreamTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_PiecesAcrossManyChunks_FileHoldsTheBytesAndTheHashIsTheFiles()
    {
        var path = Path.Combine(_dir.Path, "out.json");
        var random = new Random(3);
        var expected = new MemoryStream();
        string hash;
        using (var stream = new WriteBehindFileStream(path, chunkBytes: 4096))
        {
            while (expected.Length < 300_000)
            {
                if (random.Next(10) == 0)
                {
                    var one = (byte)random.Next(256);
                    stream.WriteByte(one);
                    expected.WriteByte(one);
                    continue;
                }
                var piece = new byte[random.Next(1, 20_000)];
                random.NextBytes(piece);
                stream.Write(piece, 0, piece.Length);
                expected.Write(piece);
            }
            stream.Flush(flushToDisk: true);
            hash = stream.Sha256Hex();
            Assert.Equal(expected.Length, stream.Length);
        }

        var written = File.ReadAllBytes(path);
        Assert.Equal(expected.ToArray(), written);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(written)), hash);
    }

    [Fact]
    public void Seek_AnyOffset_NotSupported()
    {
        using var stream = new WriteBehindFileStream(Path.Combine(_dir.Path, "out.json"));

        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.Position = 0);
    }
}
