using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Ledger.Core.Checkpoints;
using Ledger.Core.Export;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;
using Ledger.Parquet.File;

namespace Ledger.Core.Tests.Checkpoints;

/// <summary>What a seal reads (only files that can hold unsealed records) and how it copies them.</summary>
public sealed class CheckpointSealerInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private DataDirectoryLayout Layout => new(_dir.Path);

    private static string Lines(IEnumerable<LedgerRecord> records) => string.Concat(records.Select(SomeRecord.Line));

    private static IEnumerable<LedgerRecord> Records(long first, long last) =>
        Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => SomeRecord.With(i, message: $"message {i}"));

    private void WriteJournal(string text) => File.WriteAllText(Layout.Journal, text, new UTF8Encoding(false));

    private void WriteSegment(long first, long last, byte[] bytes)
    {
        Directory.CreateDirectory(Layout.Sessions);
        File.WriteAllBytes(Path.Combine(Layout.Sessions, SegmentName.For(first, last)), bytes);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }

    private (JsonDocument Json, byte[] Parquet) ReadCheckpoint(CheckpointEntry entry) =>
        (JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Layout.Checkpoints, entry.Files[0].Name))),
         File.ReadAllBytes(Path.Combine(Layout.Checkpoints, entry.Files[1].Name)));

    [Fact]
    public void Seal_VariedRecordsSomeInAnotherLayout_JsonAsTheJournalWritesItAndParquetAsFromRecords()
    {
        var random = new Random(25);
        var records = Enumerable.Range(1, 2_000).Select(i => RandomRecords.Next(random, i)).ToList();
        // Every seventh line in a layout the journal's writer does not produce (a space, members reordered by a tool):
        // still a valid record, sealed in the canonical layout like the rest.
        var journal = string.Concat(records.Select((r, i) => i % 7 == 3 ? "{ " + LedgerRecordJson.ToJson(r)[1..] + "\n" : SomeRecord.Line(r)));
        WriteJournal(journal + "not a record\n");

        var entry = new CheckpointSealer(Layout, _clock).Seal("varied", 2_000)!;

        var (json, parquet) = ReadCheckpoint(entry);
        using (json)
        {
            var messages = json.RootElement.GetProperty("Messages").EnumerateArray().Select(m => m.GetRawText()).ToList();
            Assert.Equal(records.Select(LedgerRecordJson.ToJson), messages);
        }
        var expected = Path.Combine(_dir.Path, "expected.parquet");
        var parsed = records.Select(r => LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(r)), out var p, out _) ? p : throw new InvalidOperationException());
        RecordParquetWriter.WriteFile(expected, parsed, ParquetWriterOptions.Default);
        Assert.Equal(File.ReadAllBytes(expected), parquet);
        Assert.Equal((1, 2_000, 2_000), (entry.FirstSequence, entry.LastSequence, entry.Count));
        Assert.Equal(records.Min(r => r.Timestamp), entry.FirstTimestamp);
        Assert.Equal(records.Max(r => r.Timestamp), entry.LastTimestamp);
    }

    [Fact]
    public void Seal_SegmentOfSealedRecords_NotOpened()
    {
        WriteJournal(Lines(Records(1, 10)));
        var sealer = new CheckpointSealer(Layout, _clock);
        sealer.Seal("first", 10);
        // A rotation cut short: the segment holds 1-10 and the journal still has them too. Bytes that are not gzip
        // prove the seal never opens a segment whose name says it is sealed.
        WriteSegment(1, 10, "not gzip"u8.ToArray());
        WriteJournal(Lines(Records(1, 15)));
        _clock.Advance(TimeSpan.FromMinutes(5));

        var entry = sealer.Seal("second", 15)!;

        Assert.Equal((11, 15, 5), (entry.FirstSequence, entry.LastSequence, entry.Count));
        using var json = ReadCheckpoint(entry).Json;
        Assert.Equal(["id-11", "id-12", "id-13", "id-14", "id-15"], json.RootElement.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Id").GetString()));
    }

    [Fact]
    public void Seal_NoManifestSegmentAndOverlappingJournal_EachRecordOnceInOrder()
    {
        // The manifest lost: everything is unsealed, segments included; records in both places are sealed once.
        WriteSegment(1, 10, Gzip(Lines(Records(1, 10))));
        WriteJournal(Lines(Records(6, 15)));

        var entry = new CheckpointSealer(Layout, _clock).Seal("rebuilt", 15)!;

        Assert.Equal((1, 15, 15), (entry.FirstSequence, entry.LastSequence, entry.Count));
        using var json = ReadCheckpoint(entry).Json;
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), json.RootElement.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Sequence").GetInt64()));
    }

    [Fact]
    public void Seal_RangeEndsInsideASegment_StopsThereAndSealsTheRestNextTime()
    {
        WriteSegment(1, 10, Gzip(Lines(Records(1, 10))));
        WriteJournal(Lines(Records(11, 12)));
        var sealer = new CheckpointSealer(Layout, _clock);

        var first = sealer.Seal("first", 4)!;
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = sealer.Seal("second", 12)!;

        Assert.Equal((1, 4), (first.FirstSequence, first.LastSequence));
        Assert.Equal((5, 12, 8), (second.FirstSequence, second.LastSequence, second.Count));
    }
}
