using Ledger.Core;
using Ledger.Core.Verification;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger verify</c>: checks a data directory and prints a verdict with every problem found.</summary>
internal sealed class VerifyCommand : ICliCommand
{
    public string Name => "verify";
    public string Summary => "check journal, segments, dead letters and checkpoints (digests, ranges, Parquet rows)";
    public IReadOnlyList<string> ValueOptions => ["--data-dir"];
    public IReadOnlyList<string> FlagOptions => [];

    public string Usage => """
        usage: ledger verify [--data-dir D]
          Reads the whole data directory (streaming, read-only; safe next to a running daemon) and prints
            OK: N records in M files, K checkpoints verified     (exit 0)
            FAILED: N problem(s)                                 (exit 1)
          followed by each problem as "error|warning: FILE[:LINE]: description". The first 10 problems of each
          kind are listed, the rest counted. A torn tail of the active journal is a warning, not a failure.
          Checks: every line of sessions/*.jsonl.gz, current_session.jsonl and rejected.jsonl parses; Sequences
          run +1 across segments then the journal (no gap, duplicate or missing segment; segment names match
          their content); Ids are unique; checkpoints/index.json loads; each checkpoint's files exist (live or
          in checkpoints/archive/), match their SHA-256, hold exactly the entry's range, and the Parquet row
          count equals Count; checkpoint ranges are contiguous and within the journal history.
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
        var result = new DataDirectoryVerifier(new DataDirectoryLayout(directory)).Verify();
        // The report is the command's output either way (pipe it, grep it); the exit code says pass or fail.
        Console.WriteLine(result.Verdict);
        foreach (var problem in result.Problems)
        {
            Console.WriteLine("  " + problem);
        }
        return Task.FromResult(result.IsOk ? 0 : 1);
    }
}
