using System.Text;
using Ledger.Core.Export;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;
using Ledger.Parquet.File;

namespace Ledger.Core.Tests.Export;

/// <summary>Export writes journal rows (UTF-8 straight from the line); checkpoints write records. The files must be the same.</summary>
public sealed class RecordParquetWriterRowTests
{
    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 2_000)]
    [InlineData(3, 7)]
    public void Write_RowsOfJournalLines_SameBytesAsRecords(int seed, int rowGroupRows)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(1, 1_500).Select(i => LedgerRecordJson.ToJson(RandomRecords.Next(random, i))).ToList();

        AssertSameFile(lines, new ParquetWriterOptions { RowGroupRows = rowGroupRows });
    }

    [Fact]
    public void Write_HandWrittenLines_SameBytesAsRecords()
    {
        const string Head = """{"Id":"a","Timestamp":"2025-12-01T17:09:21.123Z","ReceivedAt":"2025-12-01T18:09:21.1234567+01:00","SpeakerName":"s","Message":"m","Source":"pull\u0021" """;
        string[] lines =
        [
            Head + "}",
            Head + ""","Metadata":null}""",
            Head + ""","Metadata":{}}""",
            Head + ""","Metadata":{"keywords":[null,"k",""],"shl_tags":[],"chain_type":null,"x":{"deep":[1,"\u00e9"]}}}""",
            Head + ""","Metadata":{"\u0063hain_type":"escaped name","client_chain_type":"c","n":1.50}}""",
            Head + ""","Unknown":[1,2,{"a":3}],"SpeakerRole":null,"Topic":"t","Topic":"t2"}""",
            Head + ""","Metadata":{"chain_type":"first"},"Metadata":{"ace_tier":"A"}}""",
        ];

        AssertSameFile(lines, ParquetWriterOptions.Default);
    }

    [Fact]
    public void Write_MoreDistinctValuesThanADictionaryHolds_SameBytesAsRecords()
    {
        // 70,000 distinct speakers in one row group: the speaker column drops its dictionary part way through.
        var lines = Enumerable.Range(1, 70_000).Select(i =>
        {
            var record = Support.SomeRecord.With(i, message: "m");
            return LedgerRecordJson.ToJson(new LedgerRecord
            {
                Id = record.Id, Sequence = i, Timestamp = record.Timestamp, ReceivedAt = record.ReceivedAt,
                SpeakerName = $"speaker-{i}", Message = "m", Source = "pull",
            });
        }).ToList();

        AssertSameFile(lines, new ParquetWriterOptions { RowGroupRows = 100_000 });
    }

    private static void AssertSameFile(IReadOnlyList<string> lines, ParquetWriterOptions options)
    {
        var fromRecords = new MemoryStream();
        var fromRows = new MemoryStream();
        using (var recordWriter = new RecordParquetWriter(fromRecords, options))
        using (var rowWriter = new RecordParquetWriter(fromRows, options))
        {
            var buffer = new JournalRowBuffer(64);
            foreach (var line in lines)
            {
                var bytes = Encoding.UTF8.GetBytes(line);
                Assert.True(LedgerRecordJson.TryParse(bytes, out var record, out var error), error);
                recordWriter.Write(record);
                buffer.Clear();
                Assert.True(JournalRowReader.TryRead(bytes, buffer, out var row, out error), error);
                rowWriter.Write(in row, buffer);
            }
        }

        Assert.True(fromRecords.Length > 0);
        Assert.Equal(fromRecords.ToArray(), fromRows.ToArray());
    }
}
