using System.Text;
using Ledger.Analytics.Rendering;
using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Analytics.Snapshots;

/// <summary>Writes a context's history as two Markdown files: the last K messages and the archive of older ones.</summary>
/// <remarks>
/// Two streaming passes keep memory at one record: the first counts the context's messages (N), the second writes
/// messages 1..N−K to <c>archive.md</c> and N−K+1..N to <c>communication.md</c>, both oldest first. A ring buffer of K
/// would also work in one pass but would hold K full messages; counting first costs one more read of the journal and
/// stays correct when the journal grows between the passes (records appended after the count are left out of both).
/// Each file is written to a temporary name and renamed, so a reader never sees half a snapshot.
/// </remarks>
public static class ContextSnapshotWriter
{
    public const string CommunicationFileName = "communication.md";
    public const string ArchiveFileName = "archive.md";

    /// <summary>Writes the snapshot of <paramref name="contextId"/>; returns (recent, archived) message counts.</summary>
    public static (long Recent, long Archived) Write(string dataDirectory, string contextId, int recentCount, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextId);
        ArgumentOutOfRangeException.ThrowIfNegative(recentCount);
        long total = 0;
        foreach (var record in JournalReader.ReadAll(dataDirectory))
        {
            if (InContext(record, contextId))
            {
                total++;
            }
        }
        var archived = Math.Max(0, total - recentCount);
        Directory.CreateDirectory(outputDirectory);
        var communicationPath = Path.Combine(outputDirectory, CommunicationFileName);
        var archivePath = Path.Combine(outputDirectory, ArchiveFileName);
        using (var communication = new StreamWriter(communicationPath + ".tmp", false, new UTF8Encoding(false)))
        using (var archive = new StreamWriter(archivePath + ".tmp", false, new UTF8Encoding(false)))
        {
            communication.Write($"# Context {MarkdownText.Escape(contextId)}: last {total - archived} of {total} messages\n\n");
            archive.Write($"# Context {MarkdownText.Escape(contextId)}: archive, {archived} older messages\n\n");
            long index = 0;
            foreach (var record in JournalReader.ReadAll(dataDirectory))
            {
                if (!InContext(record, contextId))
                {
                    continue;
                }
                if (index >= total)
                {
                    break; // appended after the counting pass
                }
                WriteEntry(index < archived ? archive : communication, record);
                index++;
            }
        }
        File.Move(communicationPath + ".tmp", communicationPath, overwrite: true);
        File.Move(archivePath + ".tmp", archivePath, overwrite: true);
        return (total - archived, archived);
    }

    private static bool InContext(LedgerRecord record, string contextId) =>
        string.Equals(record.ContextId, contextId, StringComparison.Ordinal);

    /// <summary>One message: a heading line with speaker, addressee and time, then the text as a quote block.</summary>
    /// <remarks>The text is quoted line by line, not escaped, so code and lists survive for the model reading it.</remarks>
    private static void WriteEntry(TextWriter writer, LedgerRecord record)
    {
        writer.Write("**");
        writer.Write(MarkdownText.Escape(record.SpeakerName));
        writer.Write("**");
        if (!string.IsNullOrEmpty(record.Receiver))
        {
            writer.Write(" → ");
            writer.Write(MarkdownText.Escape(record.Receiver));
        }
        writer.Write(" · ");
        writer.Write(LedgerRecordJson.FormatTimestamp(record.Timestamp));
        writer.Write('\n');
        foreach (var line in record.Message.Split('\n'))
        {
            writer.Write("> ");
            writer.Write(line.TrimEnd('\r'));
            writer.Write('\n');
        }
        writer.Write('\n');
    }
}
