using System.IO.Compression;
using System.Text;
using Ledger.Core.Export;
using Ledger.Core.Records;
using Ledger.Parquet.Tests.Support;

namespace Ledger.Parquet.Tests.Export;

public sealed class DatasetExporterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    /// <summary>Records over three days: the first 40 in a gzip segment, the rest in the active journal.</summary>
    private List<LedgerRecord> WriteHistory()
    {
        var records = SomeRecords.Many(120, distinctSpeakers: 4).Select((r, i) => new LedgerRecord
        {
            Id = r.Id,
            Sequence = i + 1,
            Timestamp = new DateTime(2026, 5, 1, 20, 0, 0, DateTimeKind.Utc).AddHours(i * 0.5),
            ReceivedAt = r.ReceivedAt,
            SpeakerName = r.SpeakerName,
            Message = r.Message,
            Source = r.Source,
            Metadata = r.Metadata,
        }).ToList();
        Directory.CreateDirectory(Path.Combine(DataDir, "sessions"));
        using (var gz = new GZipStream(System.IO.File.Create(Path.Combine(DataDir, "sessions", "00000000000000000001-00000000000000000040.jsonl.gz")), CompressionLevel.Fastest))
        {
            var bytes = Encoding.UTF8.GetBytes(string.Concat(records.Take(40).Select(r => LedgerRecordJson.ToJson(r) + "\n")));
            gz.Write(bytes);
        }
        System.IO.File.WriteAllText(Path.Combine(DataDir, "current_session.jsonl"), string.Concat(records.Skip(40).Select(r => LedgerRecordJson.ToJson(r) + "\n")));
        return records;
    }

    [Fact]
    public void Export_SegmentsAndJournal_HiveDatasetReadsBackEveryRow()
    {
        var records = WriteHistory();
        var output = _temp.Combine("dataset");

        var result = new DatasetExporter(DataDir, new ExportOptions()).Export(output);

        Assert.Equal(records.Count, result.Records);
        Assert.Equal(["date=2026-05-01", "date=2026-05-02", "date=2026-05-03", "date=2026-05-04"],
            Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(output, ".*", SearchOption.AllDirectories));
        var glob = Path.Combine(output, "**", "*.parquet").Replace("'", "''", StringComparison.Ordinal);
        var counts = InteropReaders.DuckDb(Path.Combine(output, "**", "*.parquet"),
            $"SELECT CAST(date AS VARCHAR) AS d, count(*) AS n, min(sequence) AS lo, max(sequence) AS hi FROM read_parquet('{glob}', hive_partitioning=true) GROUP BY 1 ORDER BY 1");
        Assert.Equal(records.Count, counts.Rows.Sum(r => InteropResult.Int64(r, "n")!.Value));
        var byDate = records.GroupBy(r => r.Timestamp.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.LongCount());
        foreach (var row in counts.Rows)
        {
            Assert.Equal(byDate[InteropResult.String(row, "d")!], InteropResult.Int64(row, "n"));
        }
        var ids = InteropReaders.DuckDb(Path.Combine(output, "**", "*.parquet"),
            $"SELECT id FROM read_parquet('{glob}', hive_partitioning=true) ORDER BY sequence");
        Assert.Equal(records.Select(r => r.Id), ids.Rows.Select(r => InteropResult.String(r, "id")));
    }

    [Fact]
    public void Export_OneOpenPartitionWithInterleavedDates_RollsPartsWithoutLosingRows()
    {
        var records = WriteHistory();
        var output = _temp.Combine("dataset");

        var result = new DatasetExporter(DataDir, new ExportOptions { MaxOpenPartitions = 1 }).Export(output);

        Assert.Equal(records.Count, result.Records);
        var total = InteropReaders.DuckDb(Path.Combine(output, "**", "*.parquet"), "SELECT count(*) AS n FROM t");
        Assert.Equal(records.Count, InteropResult.Int64(total.Rows[0], "n"));
    }

    [Fact]
    public void Export_JsonlWithWindow_OnlyRecordsInsideTheWindow()
    {
        var records = WriteHistory();
        var output = _temp.Combine("dataset");
        var from = new DateTime(2026, 5, 2, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 5, 3, 0, 0, 0, DateTimeKind.Utc);

        var result = new DatasetExporter(DataDir, new ExportOptions { Format = ExportFormat.Jsonl, From = from, To = to }).Export(output);

        var expected = records.Where(r => r.Timestamp >= from && r.Timestamp < to).Select(r => r.Id).ToList();
        Assert.Equal(expected.Count, result.Records);
        var file = Assert.Single(result.Files);
        Assert.Equal(Path.Combine("date=2026-05-02", "part-00000.jsonl"), file);
        var lines = System.IO.File.ReadAllLines(Path.Combine(output, file));
        Assert.Equal(expected, lines.Select(l => LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(l), out var r, out _) ? r.Id : "?"));
    }

    [Fact]
    public void Export_Parquet_ByteIdenticalToWritingTheParsedRecords()
    {
        // Export keeps messages as UTF-8 from the journal to the file; it must store exactly what the string path stores.
        string[] texts = ["plain", "naïve \"quoted\"\nline ✓", "emoji 😀 <b>&amp;</b> \\ end", "日本語のテキスト", "\u0001 control"];
        var records = Enumerable.Range(1, 3_000).Select(i => new LedgerRecord
        {
            Id = $"id-{i}",
            Sequence = i,
            Timestamp = new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc).AddSeconds(i),
            ReceivedAt = new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc).AddSeconds(i),
            SpeakerName = $"agent-{i % 3}",
            Message = $"{texts[i % texts.Length]} #{i}",
            Source = "pull",
            Metadata = new RecordMetadata { Keywords = ["lease", $"k{i % 7}"], ShlTags = ["@Status-Done"], ContentHash = $"{i:x32}", ClientJson = i % 2 == 0 ? "{\"run\":\"t\"}" : null },
        }).ToList();
        Directory.CreateDirectory(DataDir);
        System.IO.File.WriteAllText(Path.Combine(DataDir, "current_session.jsonl"), string.Concat(records.Select(r => LedgerRecordJson.ToJson(r) + "\n")));
        var options = new ExportOptions();
        var expected = _temp.Combine("expected.parquet");
        var parsed = records.Select(r => LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(r)), out var p, out _) ? p : throw new InvalidOperationException());
        RecordParquetWriter.WriteFile(expected, parsed, options.Parquet);

        new DatasetExporter(DataDir, options).Export(_temp.Combine("dataset"));

        Assert.Equal(System.IO.File.ReadAllBytes(expected), System.IO.File.ReadAllBytes(_temp.Combine("dataset", "date=2026-05-01", "part-00000.parquet")));
    }

    [Fact]
    public void Export_IntoExistingDataset_Refused()
    {
        WriteHistory();
        var output = _temp.Combine("dataset");
        new DatasetExporter(DataDir, new ExportOptions()).Export(output);
        Assert.Throws<IOException>(() => new DatasetExporter(DataDir, new ExportOptions()).Export(output));
    }
}
