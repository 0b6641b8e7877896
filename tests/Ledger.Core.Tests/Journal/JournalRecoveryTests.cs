using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Journal;

public sealed class JournalRecoveryTests : IDisposable
{
    private static readonly DateTime s_now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string JournalPath => _dir.Combine("current_session.jsonl");
    private string Recovered => _dir.Combine("recovered");

    private void WriteJournal(string text) => File.WriteAllText(JournalPath, text, new UTF8Encoding(false));

    [Fact]
    public void Recover_MissingFile_ReportsEmpty()
    {
        var result = JournalRecovery.Recover(JournalPath, Recovered, s_now);
        Assert.Equal(new JournalRecoveryResult(0, 0, 0, null), result);
    }

    [Fact]
    public void Recover_CleanJournal_KeepsEverythingAndReturnsLastSequence()
    {
        WriteJournal(SomeRecord.Line(SomeRecord.With(1)) + SomeRecord.Line(SomeRecord.With(2)));
        var before = File.ReadAllBytes(JournalPath);
        var seen = new List<string>();

        var result = JournalRecovery.Recover(JournalPath, Recovered, s_now, r => seen.Add(r.Id));

        Assert.Equal(2, result.LastSequence);
        Assert.Equal(0, result.CutBytes);
        Assert.Equal(["id-1", "id-2"], seen);
        Assert.Equal(before, File.ReadAllBytes(JournalPath));
        Assert.False(Directory.Exists(Recovered));
    }

    [Fact]
    public void Recover_TornLineWithoutNewline_CutsAndSavesExactBytes()
    {
        var good = SomeRecord.Line(SomeRecord.With(1));
        WriteJournal(good + "{\"Id\":\"x\",\"Seq");

        var result = JournalRecovery.Recover(JournalPath, Recovered, s_now);

        Assert.Equal(1, result.LastSequence);
        Assert.Equal(good, File.ReadAllText(JournalPath));
        Assert.Equal("{\"Id\":\"x\",\"Seq", File.ReadAllText(result.SavedTo!));
        Assert.StartsWith(Recovered, result.SavedTo!, StringComparison.Ordinal);
    }

    [Fact]
    public void Recover_CompleteButInvalidLastLine_CutsItToo()
    {
        var good = SomeRecord.Line(SomeRecord.With(1));
        WriteJournal(good + "{\"Id\":\"garbage\x00\x00\n");

        var result = JournalRecovery.Recover(JournalPath, Recovered, s_now);

        Assert.Equal(good, File.ReadAllText(JournalPath));
        Assert.Equal("{\"Id\":\"garbage\x00\x00\n", File.ReadAllText(result.SavedTo!));
    }

    [Fact]
    public void Recover_EveryTruncationPoint_EndsOnLastCompleteRecordAndLosesNoBytes()
    {
        // Tail fuzzing (durability brief, test method 4): cut the file at every byte of the last record.
        var first = SomeRecord.Line(SomeRecord.With(1));
        var second = SomeRecord.Line(SomeRecord.With(2, message: "second ☕"));
        var full = Encoding.UTF8.GetBytes(first + second);
        var firstLength = Encoding.UTF8.GetByteCount(first);
        for (var cut = firstLength; cut < full.Length; cut++)
        {
            File.WriteAllBytes(JournalPath, full[..cut]);
            if (Directory.Exists(Recovered))
            {
                Directory.Delete(Recovered, recursive: true);
            }

            var result = JournalRecovery.Recover(JournalPath, Recovered, s_now);

            Assert.Equal(1, result.LastSequence);
            Assert.Equal(full[..firstLength], File.ReadAllBytes(JournalPath));
            var saved = result.SavedTo is null ? [] : File.ReadAllBytes(result.SavedTo);
            Assert.Equal(full[firstLength..cut], saved);
        }
    }

    [Fact]
    public void CutPartialLastLine_DeadLetterWithTornTail_KeepsCompleteLines()
    {
        var path = _dir.Combine("rejected.jsonl");
        File.WriteAllText(path, "{\"Reason\":\"a\"}\n{\"Reason\":\"b");

        var saved = JournalRecovery.CutPartialLastLine(path, Recovered, s_now);

        Assert.Equal("{\"Reason\":\"a\"}\n", File.ReadAllText(path));
        Assert.Equal("{\"Reason\":\"b", File.ReadAllText(saved!));
        Assert.Null(JournalRecovery.CutPartialLastLine(path, Recovered, s_now));
    }
}
