using System.Diagnostics;
using System.Text.Json;
using Ledger.Core.Export;
using Ledger.Core.Records;
using Ledger.Parquet.File;
using Ledger.Parquet.Tests.Support;
using Xunit.Abstractions;

namespace Ledger.Parquet.Tests.Export;

/// <summary>Ledger records exported to Parquet and read back by DuckDB and polars.</summary>
public sealed class RecordParquetWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public RecordParquetWriterTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    [InlineData(ParquetCompression.Uncompressed)]
    public void WriteFile_Records_EveryColumnReadsBackInBothReaders(ParquetCompression codec)
    {
        var records = SomeRecords.Many(250).ToList();
        var path = _temp.Combine("checkpoint.parquet");

        var written = RecordParquetWriter.WriteFile(path, records, new ParquetWriterOptions { Compression = codec, RowGroupRows = 100 });

        Assert.Equal(250, written);
        AssertRecords(records, InteropReaders.DuckDb(path));
        AssertRecords(records, InteropReaders.Polars(path));
    }

    [Fact]
    public void WriteFile_Records_DocumentedColumnOrderAndTypes()
    {
        var path = _temp.Combine("types.parquet");

        RecordParquetWriter.WriteFile(path, SomeRecords.Many(3), ParquetWriterOptions.Default);

        var result = InteropReaders.DuckDb(path);
        Assert.Equal(
            [("id", "VARCHAR"), ("sequence", "BIGINT"), ("timestamp", "TIMESTAMP WITH TIME ZONE"), ("received_at", "TIMESTAMP WITH TIME ZONE"),
             ("speaker_name", "VARCHAR"), ("speaker_role", "VARCHAR"), ("receiver", "VARCHAR"), ("message_type", "VARCHAR"),
             ("message", "VARCHAR"), ("conversation_type", "INTEGER"), ("context_id", "VARCHAR"), ("correlation_id", "VARCHAR"),
             ("causation_id", "VARCHAR"), ("source", "VARCHAR"), ("topic", "VARCHAR"), ("chain_type", "VARCHAR"), ("ace_tier", "VARCHAR"),
             ("shl_tags", "VARCHAR[]"), ("keywords", "VARCHAR[]"), ("content_hash", "VARCHAR"), ("consolidated", "BOOLEAN"),
             ("original_message_count", "INTEGER"), ("metadata_json", "VARCHAR")],
            result.Columns);
    }

    [Fact]
    public void WriteFile_GroupBySpeaker_CountsMatchTheDocumentedQuery()
    {
        var records = SomeRecords.Many(1_000, distinctSpeakers: 7).ToList();
        var path = _temp.Combine("group.parquet");
        RecordParquetWriter.WriteFile(path, records, new ParquetWriterOptions { RowGroupRows = 300 });

        var result = InteropReaders.DuckDb(path, "SELECT speaker_name, count(*) AS n FROM t GROUP BY 1 ORDER BY 1");

        var expected = records.GroupBy(r => r.SpeakerName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count()));
        Assert.Equal(expected, result.Rows.Select(r => (InteropResult.String(r, "speaker_name")!, InteropResult.Int64(r, "n")!.Value)));
    }

    [LongFact]
    public void WriteFile_OneMillionRecords_ReadsBackCompletely()
    {
        var path = _temp.Combine("million.parquet");
        var stopwatch = Stopwatch.StartNew();

        RecordParquetWriter.WriteFile(path, SomeRecords.Many(1_000_000, distinctSpeakers: 20), ParquetWriterOptions.Default);

        stopwatch.Stop();
        var size = new FileInfo(path).Length;
        _output.WriteLine($"1,000,000 records: {stopwatch.Elapsed.TotalSeconds:F1} s, {size:N0} bytes");
        var result = InteropReaders.DuckDb(
            path,
            "SELECT count(*) AS n, sum(sequence) AS s, count(DISTINCT speaker_name) AS speakers, count(receiver) AS receivers FROM t");
        var row = result.Rows[0];
        Assert.Equal(1_000_000, InteropResult.Int64(row, "n"));
        Assert.Equal("500000500000", row.GetProperty("s").ToString().Trim('"'));
        Assert.Equal(20, InteropResult.Int64(row, "speakers"));
        Assert.Equal(666_666, InteropResult.Int64(row, "receivers"));
    }

    private static void AssertRecords(IReadOnlyList<LedgerRecord> expected, InteropResult actual)
    {
        Assert.Equal(expected.Count, actual.Rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var row = actual.Rows[i];
            Assert.Equal(want.Id, InteropResult.String(row, "id"));
            Assert.Equal(want.Sequence, InteropResult.Int64(row, "sequence"));
            Assert.Equal(TestTable.Micros(want.Timestamp), InteropResult.Int64(row, "timestamp"));
            Assert.Equal(TestTable.Micros(want.ReceivedAt), InteropResult.Int64(row, "received_at"));
            Assert.Equal(want.SpeakerName, InteropResult.String(row, "speaker_name"));
            Assert.Equal(want.SpeakerRole, InteropResult.String(row, "speaker_role"));
            Assert.Equal(want.Receiver, InteropResult.String(row, "receiver"));
            Assert.Equal(want.MessageType, InteropResult.String(row, "message_type"));
            // SomeRecords puts a lone high surrogate in every third message; it must come back as U+FFFD.
            Assert.Equal(i % 3 == 2 ? $"bad \uFFFD surrogate {i}" : want.Message, InteropResult.String(row, "message"));
            Assert.Equal(want.ConversationType, row.GetProperty("conversation_type").GetInt32());
            Assert.Equal(want.ContextId, InteropResult.String(row, "context_id"));
            Assert.Equal(want.CorrelationId, InteropResult.String(row, "correlation_id"));
            Assert.Equal(want.CausationId, InteropResult.String(row, "causation_id"));
            Assert.Equal(want.Source, InteropResult.String(row, "source"));
            Assert.Equal(want.Topic, InteropResult.String(row, "topic"));
            Assert.Equal(want.Metadata.ChainType, InteropResult.String(row, "chain_type"));
            Assert.Equal(want.Metadata.AceTier, InteropResult.String(row, "ace_tier"));
            Assert.Equal(want.Metadata.ShlTags, InteropResult.StringList(row, "shl_tags"));
            Assert.Equal(want.Metadata.Keywords, InteropResult.StringList(row, "keywords"));
            Assert.Equal(want.Metadata.ContentHash, InteropResult.String(row, "content_hash"));
            Assert.Equal(want.Metadata.Consolidated, row.GetProperty("consolidated").GetBoolean());
            Assert.Equal(want.Metadata.OriginalMessageCount, row.GetProperty("original_message_count").GetInt32());
            var json = InteropResult.String(row, "metadata_json");
            Assert.Equal(want.Metadata.ClientJson, json);
            if (json is not null)
            {
                Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
            }
        }
    }

    public void Dispose() => _temp.Dispose();
}
