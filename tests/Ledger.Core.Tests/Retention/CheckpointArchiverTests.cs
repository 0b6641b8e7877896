using System.IO.Compression;
using Ledger.Core.Checkpoints;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Retention;

public sealed class CheckpointArchiverTests : IDisposable
{
    private static readonly TimeSpan ThirtyDays = TimeSpan.FromDays(30);
    private readonly CheckpointedDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private CheckpointArchiver Archiver => new(_data.Layout);

    private DateTime Now => _data.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void CompressOlderThan_ThirtyDays_ArchivesOnlyOlderCheckpoints()
    {
        var old = _data.Seal(3);
        _data.Clock.Advance(TimeSpan.FromDays(20));
        var recent = _data.Seal(4);
        _data.Clock.Advance(TimeSpan.FromDays(15));

        var archived = Archiver.CompressOlderThan(ThirtyDays, Now);

        Assert.Equal(old.Files.Select(f => f.Name), archived);
        foreach (var file in old.Files)
        {
            Assert.False(File.Exists(_data.Live(file.Name)));
            Assert.True(File.Exists(_data.Archive(file.Name)));
        }
        Assert.All(recent.Files, f => Assert.True(File.Exists(_data.Live(f.Name))));
        Assert.Equal([CheckpointStorageState.Archived, CheckpointStorageState.Live], Archiver.List().Select(s => s.State));
        Assert.Empty(Archiver.CompressOlderThan(ThirtyDays, Now)); // nothing left to do
    }

    [Fact]
    public void Restore_AfterCompress_RestoresByteIdenticalFilesAndRemovesArchive()
    {
        var entry = _data.Seal(5);
        var originals = entry.Files.ToDictionary(f => f.Name, f => File.ReadAllBytes(_data.Live(f.Name)));
        _data.Clock.Advance(TimeSpan.FromDays(31));
        Archiver.CompressOlderThan(ThirtyDays, Now);

        var restored = Archiver.Restore(CheckpointArchiver.NameOf(entry));

        Assert.Equal(originals.Keys, restored);
        foreach (var (name, bytes) in originals)
        {
            Assert.Equal(bytes, File.ReadAllBytes(_data.Live(name)));
            Assert.False(File.Exists(_data.Archive(name)));
        }
        Assert.Equal(CheckpointStorageState.Live, Assert.Single(Archiver.List()).State);
    }

    [Fact]
    public void CompressOlderThan_BothCopiesAfterCrash_FinishesWithOnlyAGoodArchive()
    {
        var entry = _data.Seal(5);
        var json = entry.Files[0].Name;
        var original = File.ReadAllBytes(_data.Live(json));
        _data.Clock.Advance(TimeSpan.FromDays(31));
        Archiver.CompressOlderThan(ThirtyDays, Now);
        // The crash window: the archive was renamed into place, the original not yet deleted; the archive is torn.
        CheckpointedDirectory.Overwrite(_data.Live(json), original);
        CheckpointedDirectory.Overwrite(_data.Archive(json), Gzip(original)[..20]);

        var archived = Archiver.CompressOlderThan(ThirtyDays, Now);

        Assert.Equal([json], archived);
        Assert.False(File.Exists(_data.Live(json)));
        Assert.Equal(original, Gunzip(_data.Archive(json)));
    }

    [Fact]
    public void CompressOlderThan_OnlySomeFilesArchived_CompletesTheCheckpoint()
    {
        var entry = _data.Seal(5);
        var parquet = entry.Files[1].Name;
        var original = File.ReadAllBytes(_data.Live(parquet));
        _data.Clock.Advance(TimeSpan.FromDays(31));
        Archiver.CompressOlderThan(ThirtyDays, Now);
        // Crash after the JSON file was archived, before the Parquet file was touched.
        CheckpointedDirectory.Overwrite(_data.Live(parquet), original);
        File.Delete(_data.Archive(parquet));
        Assert.Equal(CheckpointStorageState.Partial, Assert.Single(Archiver.List()).State);

        Assert.Equal([parquet], Archiver.CompressOlderThan(ThirtyDays, Now));
        Assert.Equal(CheckpointStorageState.Archived, Assert.Single(Archiver.List()).State);
    }

    [Fact]
    public void Restore_BothCopiesAfterCrash_KeepsLiveAndRemovesArchive()
    {
        var entry = _data.Seal(5);
        var json = entry.Files[0].Name;
        var original = File.ReadAllBytes(_data.Live(json));
        _data.Clock.Advance(TimeSpan.FromDays(31));
        Archiver.CompressOlderThan(ThirtyDays, Now);
        CheckpointedDirectory.Overwrite(_data.Live(json), original); // restore crashed before deleting the archive

        Archiver.RestoreAll();

        Assert.Equal(original, File.ReadAllBytes(_data.Live(json)));
        Assert.False(File.Exists(_data.Archive(json)));
        Assert.Equal(CheckpointStorageState.Live, Assert.Single(Archiver.List()).State);
    }

    [Fact]
    public void Restore_ArchiveDoesNotMatchManifest_ThrowsRemovesRestoredKeepsArchive()
    {
        var entry = _data.Seal(5);
        var json = entry.Files[0].Name;
        _data.Clock.Advance(TimeSpan.FromDays(31));
        Archiver.CompressOlderThan(ThirtyDays, Now);
        CheckpointedDirectory.Overwrite(_data.Archive(json), Gzip("{\"FormatVersion\":1}"u8.ToArray()));

        var error = Assert.Throws<CheckpointIntegrityException>(() => Archiver.Restore(json));

        Assert.Contains(json, error.Message);
        Assert.False(File.Exists(_data.Live(json)));
        Assert.True(File.Exists(_data.Archive(json)));
    }

    [Fact]
    public void CompressOlderThan_LiveFileCorrupted_ThrowsAndLeavesItInPlace()
    {
        var entry = _data.Seal(5);
        var json = entry.Files[0].Name;
        var bytes = File.ReadAllBytes(_data.Live(json));
        bytes[10] ^= 0x01;
        CheckpointedDirectory.Overwrite(_data.Live(json), bytes);
        _data.Clock.Advance(TimeSpan.FromDays(31));

        Assert.Throws<CheckpointIntegrityException>(() => Archiver.CompressOlderThan(ThirtyDays, Now));

        Assert.True(File.Exists(_data.Live(json)));
        Assert.False(File.Exists(_data.Archive(json)));
    }

    [Fact]
    public void CompressOlderThan_TempFileLeftByCrash_IsRemoved()
    {
        _data.Seal(2);
        Directory.CreateDirectory(_data.Layout.CheckpointArchive);
        var temp = Path.Combine(_data.Layout.CheckpointArchive, ".20250101T000000Z_auto.json.gz.tmp");
        File.WriteAllBytes(temp, [1, 2, 3]);

        Archiver.CompressOlderThan(ThirtyDays, Now);

        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void Restore_UnknownName_ThrowsLedgerException()
    {
        _data.Seal(2);

        Assert.Throws<LedgerException>(() => Archiver.Restore("20990101T000000Z_nope"));
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    private static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
