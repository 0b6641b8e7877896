using System.Globalization;
using System.Text.Json;
using Ledger.Core;
using Ledger.Core.Records;
using Ledger.Core.Retention;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger stats</c>: disk use per area of the data directory, as a table or JSON.</summary>
internal sealed class StatsCommand : ICliCommand
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public string Name => "stats";
    public string Summary => "storage per area: journal, segments, checkpoints (live/archived), rejected, recovered";
    public IReadOnlyList<string> ValueOptions => ["--data-dir"];
    public IReadOnlyList<string> FlagOptions => ["--json"];

    public string Usage => """
        usage: ledger stats [--json] [--data-dir D]
          Prints bytes and file/record counts for the journal (with its first/last Sequence and Timestamp),
          rotated segments, checkpoints (live, and archived under checkpoints/archive/), rejected.jsonl and
          recovered/, and the total. --json prints the same numbers as one JSON object.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }
        var directory = CliDefaults.DataDirectory(args);
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"no data directory at {directory}");
        }
        var stats = StorageStats.Collect(new DataDirectoryLayout(directory));
        if (args.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(ToJsonShape(stats), s_json));
        }
        else
        {
            WriteTable(stats);
        }
        return Task.FromResult(0);
    }

    private static object ToJsonShape(StorageStats s) => new
    {
        Journal = new
        {
            Bytes = s.JournalBytes,
            Records = s.JournalRecords,
            FirstSequence = s.JournalFirstSequence,
            LastSequence = s.JournalLastSequence,
            FirstTimestamp = Time(s.JournalFirstTimestamp),
            LastTimestamp = Time(s.JournalLastTimestamp),
        },
        Segments = new { Count = s.SegmentCount, Bytes = s.SegmentBytes },
        Checkpoints = new { Count = s.CheckpointCount, Bytes = s.CheckpointBytes, ArchivedCount = s.ArchivedCheckpointCount, ArchivedBytes = s.ArchivedBytes },
        Rejected = new { Bytes = s.RejectedBytes, Lines = s.RejectedLines },
        Recovered = new { Files = s.RecoveredFiles, Bytes = s.RecoveredBytes },
        s.TotalBytes,
    };

    private static void WriteTable(StorageStats s)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Area").AddColumn(new TableColumn("Bytes").RightAligned()).AddColumn("Details");
        var journalRange = s.JournalFirstSequence is null
            ? "empty"
            : $"Sequence {s.JournalFirstSequence}..{s.JournalLastSequence}, {Time(s.JournalFirstTimestamp)} .. {Time(s.JournalLastTimestamp)}";
        table.AddRow("journal", N(s.JournalBytes), Markup.Escape($"{N(s.JournalRecords)} records; {journalRange}"));
        table.AddRow("segments", N(s.SegmentBytes), $"{N(s.SegmentCount)} files");
        table.AddRow("checkpoints", N(s.CheckpointBytes), $"{N(s.CheckpointCount)} checkpoints, {N(s.CheckpointCount - s.ArchivedCheckpointCount)} not fully archived");
        table.AddRow("archive", N(s.ArchivedBytes), $"{N(s.ArchivedCheckpointCount)} checkpoints archived");
        table.AddRow("rejected", N(s.RejectedBytes), $"{N(s.RejectedLines)} lines");
        table.AddRow("recovered", N(s.RecoveredBytes), $"{N(s.RecoveredFiles)} files");
        table.AddRow("total", N(s.TotalBytes), "");
        TableOutput.Write(table);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string? Time(DateTime? utc) => utc is { } t ? LedgerRecordJson.FormatTimestamp(t) : null;
}
