using System.IO.Compression;
using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.Reliability;

/// <summary>
/// The crash suite passes only if its checker can fail: each fault it hunts for, planted by hand in a data
/// directory, must show up as a problem.
/// </summary>
public sealed class CrashSuiteHistoryCheckerTests : IDisposable
{
    private static readonly Dictionary<string, long> s_noAcks = [];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public void Check_SegmentThenJournalContiguous_ReportsNoProblem()
    {
        WriteSegment(Line(1, "a"), Line(2, "b"));
        WriteJournal(Line(3, "c"), Line(4, "d"));

        var report = HistoryChecker.Check(DataDir, new Dictionary<string, long> { ["b"] = 2, ["d"] = 4 });

        Assert.Empty(report.Problems);
        Assert.Equal(["a", "b", "c", "d"], report.Ids);
        Assert.Equal(1, report.Segments);
    }

    [Fact]
    public void Check_RotationLeftHalfDone_ReportsRepeatedSequenceAndDuplicatedId()
    {
        WriteSegment(Line(1, "a"), Line(2, "b"));
        WriteJournal(Line(2, "b"), Line(3, "c"));

        var report = HistoryChecker.Check(DataDir, s_noAcks);

        Assert.Equal(1, report.DuplicatedIds);
        Assert.Contains(report.Problems, p => p.Contains("has Sequence 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SameIdStoredTwice_ReportsDuplicate()
    {
        WriteJournal(Line(1, "a"), Line(2, "a"));

        var report = HistoryChecker.Check(DataDir, s_noAcks);

        Assert.Equal(1, report.DuplicatedIds);
        Assert.Contains(report.Problems, p => p.Contains("Id a appears 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_AckedIdMissingOrAtOtherSequence_ReportsLostAck()
    {
        WriteJournal(Line(1, "a"));

        var report = HistoryChecker.Check(DataDir, new Dictionary<string, long> { ["a"] = 7, ["z"] = 2 });

        Assert.Contains(report.Problems, p => p.Contains("acked Id z", StringComparison.Ordinal) && p.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Contains("acked Id a was acked with Sequence 7", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_TornTailAndGarbageLine_CountsInvalidLines()
    {
        WriteJournal(Line(1, "a"), "{\"Id\":\"b\",\"Seq");
        File.AppendAllText(_temp.Combine("data", "current_session.jsonl"), "\n{torn\n" + Line(2, "c").TrimEnd('\n'));

        var report = HistoryChecker.Check(DataDir, s_noAcks);

        Assert.Equal(3, report.InvalidLines);
        Assert.Contains(report.Problems, p => p.Contains("partial last line", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SequenceGap_ReportsIt()
    {
        WriteJournal(Line(1, "a"), Line(3, "c"));

        var report = HistoryChecker.Check(DataDir, s_noAcks);

        Assert.Contains(report.Problems, p => p.Contains("has Sequence 3", StringComparison.Ordinal));
    }

    private static string Line(long sequence, string id)
    {
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var record = new LedgerRecord
        {
            Id = id,
            Sequence = sequence,
            Timestamp = now,
            ReceivedAt = now,
            SpeakerName = "agent",
            Message = "hello",
            Source = "router",
        };
        return LedgerRecordJson.ToJson(record) + "\n";
    }

    private void WriteJournal(params string[] lines)
    {
        Directory.CreateDirectory(DataDir);
        File.WriteAllText(_temp.Combine("data", "current_session.jsonl"), string.Concat(lines));
    }

    private void WriteSegment(params string[] lines)
    {
        var sessions = _temp.Combine("data", "sessions");
        Directory.CreateDirectory(sessions);
        var sequences = lines.Select(l => LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(l.TrimEnd('\n')), out var r, out _) ? r.Sequence : 0).ToList();
        using var file = File.Create(Path.Combine(sessions, SegmentName.For(sequences[0], sequences[^1])));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(string.Concat(lines)));
    }
}
