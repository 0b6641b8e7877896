using System.Globalization;
using Ledger.Core;
using Ledger.Core.Retention;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger archive list|restore|compress</c>: checkpoint files gzip'd under checkpoints/archive/.</summary>
internal sealed class ArchiveCommand : ICliCommand
{
    public string Name => "archive";
    public string Summary => "list, restore or compress archived checkpoints (checkpoints/archive/*.gz)";
    public IReadOnlyList<string> ValueOptions => ["--data-dir", "--older-than-days"];
    public IReadOnlyList<string> FlagOptions => ["--all"];

    public string Usage => $"""
        usage: ledger archive list [--data-dir D]
               ledger archive restore NAME|--all [--data-dir D]
               ledger archive compress [--older-than-days N] [--data-dir D]
          list      every checkpoint in the manifest: name, state (live, archived, partial, missing), Sequence
                    range, record count and bytes on disk.
          restore   decompresses the archived files of checkpoint NAME (e.g. 20260301T120000Z_auto, or one of
                    its file names) or of every checkpoint (--all) back into checkpoints/, checks each against
                    the manifest SHA-256 (on mismatch the restored file is removed, the archive kept, exit 1),
                    then removes the archive copy. A daemon archive pass re-archives checkpoints still older than
                    Ledger:Retention:CheckpointArchiveDays.
          compress  archives checkpoints created more than N days ago (default {CheckpointArchiver.DefaultArchiveAfterDays}), as the daemon does.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var action = args.Positionals.Count > 0 ? args.Positionals[0] : throw new UsageException("missing action: list, restore or compress");
        var directory = CliDefaults.DataDirectory(args);
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"no data directory at {directory}");
        }
        var archiver = new CheckpointArchiver(new DataDirectoryLayout(directory));
        return Task.FromResult(action switch
        {
            "list" => List(archiver, args),
            "restore" => Restore(archiver, args),
            "compress" => Compress(archiver, args),
            _ => throw new UsageException($"unknown action '{action}': use list, restore or compress"),
        });
    }

    private static int List(CheckpointArchiver archiver, CliArguments args)
    {
        ExpectPositionals(args, 1);
        var checkpoints = archiver.List();
        if (checkpoints.Count == 0)
        {
            Console.WriteLine("no checkpoints in the manifest");
            return 0;
        }
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Name").AddColumn("State").AddColumn("Sequences").AddColumn(new TableColumn("Records").RightAligned())
            .AddColumn(new TableColumn("Bytes").RightAligned()).AddColumn("Created");
        foreach (var status in checkpoints)
        {
            var entry = status.Entry;
            table.AddRow(
                Markup.Escape(status.Name),
                status.State.ToString().ToLowerInvariant(),
                $"{entry.FirstSequence}..{entry.LastSequence}",
                entry.Count.ToString("N0", CultureInfo.InvariantCulture),
                status.BytesOnDisk.ToString("N0", CultureInfo.InvariantCulture),
                entry.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        TableOutput.Write(table);
        return 0;
    }

    private static int Restore(CheckpointArchiver archiver, CliArguments args)
    {
        var all = args.Has("--all");
        ExpectPositionals(args, all ? 1 : 2);
        if (!all && args.Positionals.Count < 2)
        {
            throw new UsageException("restore needs a checkpoint NAME or --all");
        }
        var restored = all ? archiver.RestoreAll() : archiver.Restore(args.Positionals[1]);
        foreach (var name in restored)
        {
            Console.WriteLine($"restored checkpoints/{name}");
        }
        Console.WriteLine($"{restored.Count} file(s) restored");
        return 0;
    }

    private static int Compress(CheckpointArchiver archiver, CliArguments args)
    {
        ExpectPositionals(args, 1);
        var days = args.GetInt("--older-than-days", CheckpointArchiver.DefaultArchiveAfterDays, min: 0);
        var archived = archiver.CompressOlderThan(TimeSpan.FromDays(days), DateTime.UtcNow);
        foreach (var name in archived)
        {
            Console.WriteLine($"archived checkpoints/archive/{name}.gz");
        }
        Console.WriteLine($"{archived.Count} file(s) archived");
        return 0;
    }

    private static void ExpectPositionals(CliArguments args, int max)
    {
        if (args.Positionals.Count > max)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[max]}'");
        }
    }
}
