using System.IO.Compression;
using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Journal;

public sealed class ParallelJournalReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadFile_ManyBatchesWithInvalidLines_SameRecordsAndErrorsInOrderAsSequentialReader()
    {
        var path = _dir.Combine("current_session.jsonl");
        var text = new StringBuilder();
        var count = ParallelJournalReader.BatchSize * 5 + 17;
        for (var i = 1; i <= count; i++)
        {
            text.Append(i % 700 == 0 ? "{not json\n" : SomeRecord.Line(SomeRecord.With(i, message: $"message {i} ✓")));
        }
        text.Append("{\"Id\":\"torn"); // a torn tail is not a record for either reader
        File.WriteAllText(path, text.ToString());
        var sequentialErrors = new List<(long, string)>();
        var parallelErrors = new List<(long, string)>();

        var sequential = JournalReader.ReadFile(path, (_, line, error) => sequentialErrors.Add((line, error))).ToList();
        var parallel = ParallelJournalReader.ReadFile(path, (_, line, error) => parallelErrors.Add((line, error))).ToList();

        Assert.Equal(count - count / 700, parallel.Count);
        Assert.Equal(sequential.Select(LedgerRecordJson.ToJson), parallel.Select(LedgerRecordJson.ToJson));
        Assert.Equal(sequentialErrors, parallelErrors);
        Assert.Equal([700L, 1400L, 2100L], parallelErrors.Select(e => e.Item1));
    }

    [Fact]
    public void ReadRowBatches_ManyBatches_SameRecordsAndRefusedLinesAsReadFile()
    {
        var path = _dir.Combine("current_session.jsonl");
        var count = ParallelJournalReader.BatchSize * 3 + 5;
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append(i % 500 == 0 ? "{\"Id\":\"x\",\"Message\":\"\\ud800\"}\n" : SomeRecord.Line(SomeRecord.With(i, message: $"message {i} \"é\" ✓ {new string('x', i % 97)}")));
        }
        File.WriteAllText(path, text.ToString());
        var errors = new List<long>();
        var rowErrors = new List<long>();

        var records = ParallelJournalReader.ReadFile(path, (_, line, _) => errors.Add(line)).Select(LedgerRecordJson.ToJson).ToList();
        var fromRows = new List<string>();
        var batches = 0;
        foreach (var batch in ParallelJournalReader.ReadRowBatches(path, (_, line, _) => rowErrors.Add(line)))
        {
            batches++;
            foreach (ref readonly var row in batch.Rows)
            {
                fromRows.Add(LedgerRecordJson.ToJson(LedgerRecordParser.ToRecord(in row, batch.Buffer)));
            }
        }

        Assert.Equal(count - count / 500, fromRows.Count);
        Assert.Equal(records, fromRows);
        Assert.Equal(errors, rowErrors);
        Assert.Equal([500L, 1000L, 1500L], rowErrors);
        Assert.Equal(4, batches);
    }

    [Fact]
    public void ReadFile_GzipSegment_ReadsEveryRecord()
    {
        var path = _dir.Combine("segment.jsonl.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 1_500).Select(i => SomeRecord.Line(SomeRecord.With(i))))));
        }

        var sequences = ParallelJournalReader.ReadFile(path).Select(r => r.Sequence).ToList();

        Assert.Equal(Enumerable.Range(1, 1_500).Select(i => (long)i), sequences);
    }

    [Fact]
    public void ReadFile_CallerStopsEarly_ReturnsWithoutReadingTheRest()
    {
        var path = _dir.Combine("current_session.jsonl");
        File.WriteAllText(path, string.Concat(Enumerable.Range(1, 20_000).Select(i => SomeRecord.Line(SomeRecord.With(i)))));

        var first = ParallelJournalReader.ReadFile(path).Take(3).Select(r => r.Sequence).ToList();

        Assert.Equal([1L, 2L, 3L], first);
    }

    [Fact]
    public void ReadFile_MissingFile_ThrowsOnTheCallersThread()
    {
        Assert.Throws<FileNotFoundException>(() => ParallelJournalReader.ReadFile(_dir.Combine("missing.jsonl")).ToList());
    }
}
