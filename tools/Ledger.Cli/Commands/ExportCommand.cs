using Ledger.Core.Export;
using Ledger.Parquet.File;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger export</c>: the whole history as a Hive-partitioned Parquet or JSONL dataset.</summary>
internal sealed class ExportCommand : ICliCommand
{
    public string Name => "export";
    public string Summary => "export the history as a Hive-partitioned dataset (date=YYYY-MM-DD/part-N.parquet)";
    public IReadOnlyList<string> ValueOptions => ["--format", "--out", "--from", "--to", "--data-dir", "--compression"];
    public IReadOnlyList<string> FlagOptions => [];

    public string Usage => """
        usage: ledger export --out DIR [--format parquet|jsonl] [--from T] [--to T] [--compression snappy|gzip|none]
                             [--data-dir D]
          Writes DIR/date=YYYY-MM-DD/part-NNNNN.parquet (or .jsonl) from the rotated segments and the journal,
          partitioned by the UTC date of each record's Timestamp (no date column inside the files). --from is
          inclusive, --to exclusive (ISO-8601; no offset means UTC). DIR must be new or empty.
          DuckDB: SELECT count(*) FROM read_parquet('DIR/**/*.parquet', hive_partitioning=true);
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var output = args.Require("--out");
        var format = (args.Get("--format") ?? "parquet").ToLowerInvariant() switch
        {
            "parquet" => ExportFormat.Parquet,
            "jsonl" => ExportFormat.Jsonl,
            var other => throw new UsageException($"--format must be parquet or jsonl, got '{other}'"),
        };
        var compression = (args.Get("--compression") ?? "snappy").ToLowerInvariant() switch
        {
            "snappy" => ParquetCompression.Snappy,
            "gzip" => ParquetCompression.Gzip,
            "none" => ParquetCompression.Uncompressed,
            var other => throw new UsageException($"--compression must be snappy, gzip or none, got '{other}'"),
        };
        var from = args.GetTimestamp("--from");
        var to = args.GetTimestamp("--to");
        if (from is not null && to is not null && from >= to)
        {
            throw new UsageException("--from must be before --to");
        }
        var dataDirectory = CliDefaults.DataDirectory(args);
        var exporter = new DatasetExporter(dataDirectory, new ExportOptions
        {
            Format = format,
            From = from,
            To = to,
            Parquet = new ParquetWriterOptions { Compression = compression },
        });
        var inputBytes = Math.Max(1, exporter.InputFiles().Sum(f => f.Bytes));
        ExportResult result;
        if (Console.IsOutputRedirected)
        {
            result = exporter.Export(output);
        }
        else
        {
            result = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("exporting", maxValue: inputBytes);
                    result = exporter.Export(output, (bytes, records) =>
                    {
                        task.Value = bytes;
                        task.Description = $"exporting ({records:N0} records)";
                    });
                    task.Value = inputBytes;
                });
        }
        Console.WriteLine($"exported {result.Records:N0} records into {result.Files.Count} file(s), {result.Bytes:N0} bytes: {Path.GetFullPath(output)}");
        return Task.FromResult(0);
    }
}
