using System.IO.Compression;
using System.Text;
using Ledger.Core.Checkpoints;
using Ledger.Core.Journal;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;
using Ledger.Core.Verification;

namespace Ledger.Core.Tests.Verification;

/// <summary>Verify over checkpoints/index.json, the checkpoint files and their archives.</summary>
public sealed class DataDirectoryVerifierCheckpointTests : VerifierTestBase
{
    [Fact]
    public void Verify_FlippedByteInSealedCheckpoint_FailsNamingTheFile()
    {
        BuildCleanDirectory();
        var name = CheckpointManifest.Load(Layout.CheckpointIndex).Checkpoints[1].Files[1].Name;
        var bytes = File.ReadAllBytes(Data.Live(name));
        bytes[bytes.Length / 2] ^= 0x20;
        CheckpointedDirectory.Overwrite(Data.Live(name), bytes);

        var result = Verify();

        Assert.False(result.IsOk);
        Assert.StartsWith("FAILED: 1 problem(s)", result.Verdict);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(Path.Combine("checkpoints", name), problem.File);
        Assert.Contains("SHA-256 mismatch", problem.Description);
    }

    [Fact]
    public void Verify_ArchivedCheckpoints_AreVerifiedThroughTheArchive()
    {
        BuildCleanDirectory();
        Data.Clock.Advance(TimeSpan.FromDays(40));
        new CheckpointArchiver(Layout).CompressOlderThan(TimeSpan.FromDays(30), Data.Clock.GetUtcNow().UtcDateTime);
        Assert.True(Verify().IsOk);
        var json = CheckpointManifest.Load(Layout.CheckpointIndex).Checkpoints[0].Files[0].Name;
        CheckpointedDirectory.Overwrite(Data.Archive(json), Gzip(Utf8.GetBytes("{\"FormatVersion\":1}")));

        var problem = Assert.Single(Verify().Problems);

        Assert.Equal(Path.Combine("checkpoints", "archive", json + ".gz"), problem.File);
        Assert.Contains("SHA-256 mismatch", problem.Description);
    }

    [Fact]
    public void Verify_CheckpointFileMissingEverywhere_Fails()
    {
        BuildCleanDirectory();
        var parquet = CheckpointManifest.Load(Layout.CheckpointIndex).Checkpoints[0].Files[1].Name;
        File.Delete(Data.Live(parquet));

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("missing", problem.Description);
        Assert.Contains(parquet, problem.File);
    }

    [Fact]
    public void Verify_ParquetRowCountDiffersFromManifest_Fails()
    {
        BuildCleanDirectory();
        var manifest = CheckpointManifest.Load(Layout.CheckpointIndex);
        var first = manifest.Checkpoints[0];
        var secondParquet = Data.Live(manifest.Checkpoints[1].Files[1].Name);
        // A well-formed file whose digest the manifest agrees with, but holding the other checkpoint's 7 rows.
        CheckpointedDirectory.Overwrite(Data.Live(first.Files[1].Name), File.ReadAllBytes(secondParquet));
        manifest.Checkpoints[0] = first with
        {
            Files = [first.Files[0], first.Files[1] with { Sha256 = CheckpointSealer.Sha256Of(secondParquet), Bytes = new FileInfo(secondParquet).Length }],
        };
        manifest.Save(Layout.CheckpointIndex);

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("Parquet footer says 7 rows, the manifest says 8", problem.Description);
    }

    [Fact]
    public void Verify_LargeCheckpointJson_StreamsAcrossBufferRefillsWithoutFalseProblems()
    {
        Data.Seal(3_000); // ~1 MB of JSON: many 64 KiB refills of the streaming reader

        var result = Verify();

        Assert.True(result.IsOk, string.Join("\n", result.Problems));
        Assert.Equal("OK: 3000 records in 1 files, 1 checkpoints verified", result.Verdict);
    }

    [Fact]
    public void Verify_CheckpointMessagesSkipASequence_FailsNamingTheMessage()
    {
        BuildCleanDirectory();
        var manifest = CheckpointManifest.Load(Layout.CheckpointIndex);
        var first = manifest.Checkpoints[0];
        var json = Data.Live(first.Files[0].Name);
        // Same header, but message #4 claims Sequence 40: the digest is updated so only the content is wrong.
        var text = File.ReadAllText(json).Replace("\"Sequence\":4,", "\"Sequence\":40,", StringComparison.Ordinal);
        CheckpointedDirectory.Overwrite(json, Utf8.GetBytes(text));
        manifest.Checkpoints[0] = first with
        {
            Files = [first.Files[0] with { Sha256 = CheckpointSealer.Sha256Of(json), Bytes = new FileInfo(json).Length }, first.Files[1]],
        };
        manifest.Save(Layout.CheckpointIndex);

        var problem = Assert.Single(Verify().Problems);

        Assert.Equal(Path.Combine("checkpoints", first.Files[0].Name), problem.File);
        Assert.Contains("message #4 has Sequence 40, expected 4", problem.Description);
    }

    [Fact]
    public void Verify_OverlappingCheckpointRanges_Fail()
    {
        BuildCleanDirectory();
        var manifest = CheckpointManifest.Load(Layout.CheckpointIndex);
        manifest.Checkpoints[1] = manifest.Checkpoints[1] with { FirstSequence = 8, Count = 8 };
        manifest.Save(Layout.CheckpointIndex);

        var result = Verify();

        Assert.False(result.IsOk);
        Assert.Contains(result.Problems, p => p.File == Path.Combine("checkpoints", "index.json") && p.Description.Contains("overlapping the previous checkpoint (ends at 8)"));
    }

    [Fact]
    public void Verify_CheckpointBeyondHistory_Fails()
    {
        BuildCleanDirectory();
        WriteJournal(Enumerable.Range(11, 3)); // the journal lost 14..15 that checkpoint 2 holds

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("ends at 15, beyond the journal history (last Sequence 13)", problem.Description);
    }

    [Fact]
    public void Verify_BothCopiesAfterInterruptedArchive_IsOk()
    {
        BuildCleanDirectory();
        var json = CheckpointManifest.Load(Layout.CheckpointIndex).Checkpoints[0].Files[0].Name;
        var original = File.ReadAllBytes(Data.Live(json));
        Data.Clock.Advance(TimeSpan.FromDays(40));
        new CheckpointArchiver(Layout).CompressOlderThan(TimeSpan.FromDays(30), Data.Clock.GetUtcNow().UtcDateTime);
        CheckpointedDirectory.Overwrite(Data.Live(json), original);

        var result = Verify();

        Assert.True(result.IsOk, string.Join("\n", result.Problems));
    }
}
