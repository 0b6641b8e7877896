using Ledger.Analytics.Snapshots;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests.Snapshots;

public sealed class ContextSnapshotWriterTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private void WriteConversation(int count)
    {
        var records = Enumerable.Range(1, count).Select(i =>
            Some.Record(i % 2 == 0 ? "bob" : "alice", Some.Base.AddMinutes(i), $"message number {i:D3}", i % 3 == 0 ? "other-ctx" : "ctx-a"));
        _data.WriteSegment("20251201T100000Z_0001", records.Take(count / 2));
        _data.AppendJournal(records.Skip(count / 2));
    }

    [Fact]
    public void Write_MoreThanK_LastKInCommunicationOlderInArchiveOldestFirst()
    {
        WriteConversation(30); // ctx-a holds the 20 numbers not divisible by 3
        var output = Path.Combine(_data.Path, "snap");

        var (recent, archived) = ContextSnapshotWriter.Write(_data.Path, "ctx-a", 5, output);

        Assert.Equal((5, 15), (recent, archived));
        var communication = File.ReadAllText(Path.Combine(output, "communication.md"));
        var archive = File.ReadAllText(Path.Combine(output, "archive.md"));
        var recentNumbers = Numbers(communication);
        Assert.Equal([23, 25, 26, 28, 29], recentNumbers);
        Assert.Equal(15, Numbers(archive).Length);
        Assert.Equal(Numbers(archive).Order(), Numbers(archive));
        Assert.Contains("**alice** · 2025-12-01T10:29:00.000Z", communication, StringComparison.Ordinal);
        Assert.DoesNotContain("number 027", communication + archive, StringComparison.Ordinal); // other context
        Assert.False(File.Exists(Path.Combine(output, "communication.md.tmp")));
    }

    [Fact]
    public void Write_FewerThanK_EverythingRecentArchiveEmpty()
    {
        WriteConversation(4);
        var output = Path.Combine(_data.Path, "snap");

        var (recent, archived) = ContextSnapshotWriter.Write(_data.Path, "ctx-a", 20, output);

        Assert.Equal((3, 0), (recent, archived));
        Assert.Equal([1, 2, 4], Numbers(File.ReadAllText(Path.Combine(output, "communication.md"))));
        Assert.Empty(Numbers(File.ReadAllText(Path.Combine(output, "archive.md"))));
    }

    [Fact]
    public void Write_MultilineMessage_EveryLineQuoted()
    {
        _data.AppendJournal([Some.Record("alice", message: "line one\nline two", context: "ctx-q")]);
        var output = Path.Combine(_data.Path, "snap");

        ContextSnapshotWriter.Write(_data.Path, "ctx-q", 20, output);

        Assert.Contains("> line one\n> line two\n", File.ReadAllText(Path.Combine(output, "communication.md")), StringComparison.Ordinal);
    }

    private static int[] Numbers(string markdown) =>
        markdown.Split('\n').Where(l => l.StartsWith("> message number ", StringComparison.Ordinal)).Select(l => int.Parse(l[17..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
