using System.IO.Compression;
using System.Text;
using Ledger.Core.Checkpoints;
using Ledger.Core.Journal;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;
using Ledger.Core.Verification;

namespace Ledger.Core.Tests.Verification;

public sealed class DataDirectoryVerifierTests : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly CheckpointedDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private DataDirectoryLayout Layout => _data.Layout;

    private VerificationResult Verify() => new DataDirectoryVerifier(Layout).Verify();

    /// <summary>Segments 1..5 and 6..10, journal 11..15, checkpoints 1..8 and 9..15, one dead letter.</summary>
    private void BuildCleanDirectory()
    {
        WriteSegment(Enumerable.Range(1, 5));
        WriteSegment(Enumerable.Range(6, 5));
        WriteJournal(Enumerable.Range(11, 5));
        var sealer = new CheckpointSealer(Layout, _data.Clock);
        sealer.Seal("first", 8);
        _data.Clock.Advance(TimeSpan.FromMinutes(5));
        sealer.Seal("second", 15);
        File.WriteAllText(Layout.Rejected, """{"ReceivedAt":"2026-01-01T12:00:00.000Z","Source":"pull","Topic":null,"Reason":"not JSON","RawBase64":"aGVsbG8="}""" + "\n", Utf8);
    }

    [Fact]
    public void Verify_CleanDirectory_IsOkWithCounts()
    {
        BuildCleanDirectory();

        var result = Verify();

        Assert.True(result.IsOk, string.Join("\n", result.Problems));
        Assert.Empty(result.Problems);
        Assert.Equal("OK: 15 records in 3 files, 2 checkpoints verified", result.Verdict);
    }

    [Fact]
    public void Verify_FlippedByteInSealedCheckpoint_FailsNamingTheFile()
    {
        BuildCleanDirectory();
        var name = CheckpointManifest.Load(Layout.CheckpointIndex).Checkpoints[1].Files[1].Name;
        var bytes = File.ReadAllBytes(_data.Live(name));
        bytes[bytes.Length / 2] ^= 0x20;
        CheckpointedDirectory.Overwrite(_data.Live(name), bytes);

        var result = Verify();

        Assert.False(result.IsOk);
        Assert.StartsWith("FAILED: 1 problem(s)", result.Verdict);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(Path.Combine("checkpoints", name), problem.File);
        Assert.Contains("SHA-256 mismatch", problem.Description);
    }

    [Fact]
    public void Verify_MissingSegment_Fails()
    {
        WriteSegment(Enumerable.Range(1, 5));
        WriteSegment(Enumerable.Range(11, 5));
        WriteJournal(Enumerable.Range(16, 3));

        var result = Verify();

        var problem = Assert.Single(result.Problems);
        Assert.Contains("missing segment: records 6..10", problem.Description);
    }

    [Fact]
    public void Verify_JournalStartsAfterMissingFirstSegment_Fails()
    {
        WriteJournal(Enumerable.Range(7, 3));

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("records 1..6", problem.Description);
    }

    [Fact]
    public void Verify_JournalStartsAfterLastSegment_IsOk()
    {
        WriteSegment(Enumerable.Range(1, 4));
        WriteJournal(Enumerable.Range(3, 6)); // 3..4 still in the journal: a rotation not yet cut

        var result = Verify();

        Assert.True(result.IsOk, string.Join("\n", result.Problems));
        Assert.Equal(8, result.RecordCount);
    }

    [Fact]
    public void Verify_SequenceGapInJournal_FailsAtTheLine()
    {
        WriteJournal([1, 2, 3, 5, 6]);

        var problem = Assert.Single(Verify().Problems);

        Assert.Equal((ProblemSeverity.Error, "current_session.jsonl", 4L), (problem.Severity, problem.File, problem.Line));
        Assert.Contains("3 then 5", problem.Description);
    }

    [Fact]
    public void Verify_DuplicateSequence_FailsForSequenceAndId()
    {
        WriteJournal([1, 2, 3, 3, 4]);

        var result = Verify();

        Assert.Equal(2, result.ErrorCount);
        Assert.Contains(result.Problems, p => p.Line == 4 && p.Description.Contains("Sequence 3 after 3"));
        Assert.Contains(result.Problems, p => p.Line == 4 && p.Description.Contains("Id 'id-3'"));
    }

    [Fact]
    public void Verify_DuplicateIdAcrossSegmentAndJournal_Fails()
    {
        WriteSegment(Enumerable.Range(1, 3));
        File.WriteAllText(Layout.Journal, SomeRecord.Line(SomeRecord.With(4, id: "id-2")), Utf8);

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("Id 'id-2' (Sequence 4)", problem.Description);
    }

    [Fact]
    public void Verify_CorruptedMiddleLine_FailsWithItsLineNumber()
    {
        WriteJournal(Enumerable.Range(1, 5));
        var lines = File.ReadAllLines(Layout.Journal);
        lines[2] = lines[2][..20] + "#" + lines[2][21..];
        File.WriteAllText(Layout.Journal, string.Join("\n", lines) + "\n", Utf8);

        var result = Verify();

        Assert.False(result.IsOk);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal("current_session.jsonl", problem.File);
        Assert.Contains("not a valid journal record", problem.Description);
    }

    [Fact]
    public void Verify_TornTail_IsAWarningOnly()
    {
        WriteJournal(Enumerable.Range(1, 3));
        File.AppendAllText(Layout.Journal, "{\"Id\":\"id-4\",\"Seq", Utf8);

        var result = Verify();

        Assert.True(result.IsOk);
        Assert.Equal(1, result.WarningCount);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemSeverity.Warning, 4L), (problem.Severity, problem.Line));
        Assert.Contains("torn tail", problem.Description);
        Assert.Contains("will be cut at next start", problem.Description);
    }

    [Fact]
    public void Verify_SegmentNameNotMatchingContent_Fails()
    {
        WriteSegment(Enumerable.Range(1, 5), SegmentName.For(1, 6));
        WriteJournal(Enumerable.Range(6, 2));

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("name says records 1..6 but it holds 1..5", problem.Description);
    }

    [Fact]
    public void Verify_ArchivedCheckpoints_AreVerifiedThroughTheArchive()
    {
        BuildCleanDirectory();
        _data.Clock.Advance(TimeSpan.FromDays(40));
        new CheckpointArchiver(Layout).CompressOlderThan(TimeSpan.FromDays(30), _data.Clock.GetUtcNow().UtcDateTime);
        Assert.True(Verify().IsOk);
        var json = CheckpointManifest.Load(Layout.CheckpointIndex).Checkpoints[0].Files[0].Name;
        CheckpointedDirectory.Overwrite(_data.Archive(json), Gzip(Utf8.GetBytes("{\"FormatVersion\":1}")));

        var problem = Assert.Single(Verify().Problems);

        Assert.Equal(Path.Combine("checkpoints", "archive", json + ".gz"), problem.File);
        Assert.Contains("SHA-256 mismatch", problem.Description);
    }

    [Fact]
    public void Verify_CheckpointFileMissingEverywhere_Fails()
    {
        BuildCleanDirectory();
        var parquet = CheckpointManifest.Load(Layout.CheckpointIndex).Checkpoints[0].Files[1].Name;
        File.Delete(_data.Live(parquet));

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
        var secondParquet = _data.Live(manifest.Checkpoints[1].Files[1].Name);
        // A well-formed file whose digest the manifest agrees with, but holding the other checkpoint's 7 rows.
        CheckpointedDirectory.Overwrite(_data.Live(first.Files[1].Name), File.ReadAllBytes(secondParquet));
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
        _data.Seal(3_000); // ~1 MB of JSON: many 64 KiB refills of the streaming reader

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
        var json = _data.Live(first.Files[0].Name);
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
    public void Verify_BadDeadLetter_FailsWithItsLine()
    {
        File.WriteAllText(Layout.Rejected,
            """{"ReceivedAt":"2026-01-01T12:00:00.000Z","Source":"pull","Reason":"x","RawBase64":"aGVsbG8="}""" + "\n" +
            """{"ReceivedAt":"2026-01-01T12:00:00.000Z","Source":"pull","Reason":"x","RawBase64":"not base64!"}""" + "\n" +
            """{"Source":"pull","Reason":"x","RawBase64":""}""" + "\n", Utf8);

        var result = Verify();

        Assert.Equal(2, result.ErrorCount);
        Assert.Contains(result.Problems, p => p.Line == 2 && p.Description == "RawBase64 is not valid base64");
        Assert.Contains(result.Problems, p => p.Line == 3 && p.Description == "missing ReceivedAt");
    }

    [Fact]
    public void Verify_ManyGaps_ListsTheFirstFewAndCountsTheRest()
    {
        WriteJournal(Enumerable.Range(1, 30).Select(i => i * 2 - 1)); // 1, 3, 5, ...: 29 gaps

        var result = new DataDirectoryVerifier(Layout, listedPerKind: 5).Verify();

        Assert.Equal("FAILED: 29 problem(s)", result.Verdict);
        Assert.Equal(6, result.Problems.Count);
        Assert.Contains("24 more sequence problem(s)", result.Problems[^1].Description);
    }

    private void WriteJournal(IEnumerable<int> sequences) =>
        File.WriteAllText(Layout.Journal, string.Concat(sequences.Select(s => SomeRecord.Line(SomeRecord.With(s)))), Utf8);

    private void WriteSegment(IEnumerable<int> sequences, string? name = null)
    {
        var list = sequences.ToList();
        Directory.CreateDirectory(Layout.Sessions);
        var path = Path.Combine(Layout.Sessions, name ?? SegmentName.For(list[0], list[^1]));
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(Utf8.GetBytes(string.Concat(list.Select(s => SomeRecord.Line(SomeRecord.With(s))))));
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
}
