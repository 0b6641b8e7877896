using System.Text;
using Ledger.Core;
using Ledger.Core.Checkpoints;
using Ledger.Core.Records;

namespace Ledger.Cli.Tests.Support;

/// <summary>A temp data directory with a journal and checkpoints sealed by the real sealer; removed on dispose.</summary>
internal sealed class SampleDataDirectory : IDisposable
{
    private long _written;

    public SampleDataDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "ledger-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Layout = new DataDirectoryLayout(Root);
    }

    public string Root { get; }

    public DataDirectoryLayout Layout { get; }

    /// <summary>Appends <paramref name="count"/> records and seals them as a checkpoint created at <paramref name="createdAt"/>.</summary>
    public CheckpointEntry Seal(int count, DateTimeOffset createdAt)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            _written++;
            text.Append(LedgerRecordJson.ToJson(Record(_written))).Append('\n');
        }
        File.AppendAllText(Layout.Journal, text.ToString(), new UTF8Encoding(false));
        return new CheckpointSealer(Layout, new FixedTime(createdAt)).Seal("auto", _written)!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static LedgerRecord Record(long sequence) => new()
    {
        Id = $"id-{sequence}",
        Sequence = sequence,
        Timestamp = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddSeconds(sequence),
        ReceivedAt = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddSeconds(sequence),
        SpeakerName = "claude_code",
        Message = $"message {sequence}",
        Source = "pull",
    };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
