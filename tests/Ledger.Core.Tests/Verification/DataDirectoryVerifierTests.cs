using System.IO.Compression;
using System.Text;
using Ledger.Core.Checkpoints;
using Ledger.Core.Journal;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;
using Ledger.Core.Verification;

namespace Ledger.Core.Tests.Verification;

/// <summary>Verify over the journal history and the dead letters.</summary>
public sealed class DataDirectoryVerifierTests : VerifierTestBase
{
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

    [Fact]
    public void Verify_TornTailOfDeadLetters_IsAWarningOnly()
    {
        File.WriteAllText(Layout.Rejected, """{"ReceivedAt":"2026-01-01T12:00:00.000Z","Source":"pull","Reason":"x","RawBase64":""}""" + "\n{\"Rece", Utf8);

        var result = Verify();

        Assert.True(result.IsOk);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemSeverity.Warning, "rejected.jsonl", 2L), (problem.Severity, problem.File, problem.Line));
    }
}
