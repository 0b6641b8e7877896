using System.IO.Compression;
using System.Text.Json;
using Ledger.Core.Records;

namespace Ledger.Analytics.Tests.Support;

/// <summary>A data directory of its own per test, deleted afterwards; writes journals the way the daemon does.</summary>
internal sealed class TempDataDirectory : IDisposable
{
    public TempDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ledger-analytics-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Journal => System.IO.Path.Combine(Path, "current_session.jsonl");

    /// <summary>Appends records to current_session.jsonl (LedgerRecordJson.Write + newline).</summary>
    public void AppendJournal(IEnumerable<LedgerRecord> records)
    {
        using var file = new FileStream(Journal, FileMode.Append, FileAccess.Write);
        WriteLines(file, records);
    }

    /// <summary>Writes a rotated segment sessions/{name}.jsonl.gz.</summary>
    public void WriteSegment(string name, IEnumerable<LedgerRecord> records)
    {
        var sessions = System.IO.Path.Combine(Path, "sessions");
        Directory.CreateDirectory(sessions);
        using var file = new FileStream(System.IO.Path.Combine(sessions, name + ".jsonl.gz"), FileMode.CreateNew, FileAccess.Write);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        WriteLines(gzip, records);
    }

    public void WriteRejected(int lines)
    {
        using var writer = new StreamWriter(System.IO.Path.Combine(Path, "rejected.jsonl"));
        for (var i = 0; i < lines; i++)
        {
            writer.Write($"{{\"ReceivedAt\":\"2025-12-01T10:00:00.000Z\",\"Source\":\"pull\",\"Topic\":null,\"Reason\":\"not JSON\",\"RawBase64\":\"eA==\"}}\n");
        }
    }

    public string Subdirectory(string name)
    {
        var dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void WriteLines(Stream stream, IEnumerable<LedgerRecord> records)
    {
        using var buffered = new BufferedStream(stream, 1 << 16);
        using var writer = new Utf8JsonWriter(buffered, LedgerRecordJson.WriterOptions);
        foreach (var record in records)
        {
            LedgerRecordJson.Write(writer, record);
            writer.Flush();
            writer.Reset();
            buffered.WriteByte((byte)'\n');
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a report still open in another process on some platforms; the temp directory is cleaned by the OS
        }
    }
}
