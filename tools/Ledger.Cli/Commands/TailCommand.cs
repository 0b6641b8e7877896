using Ledger.Core;
using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger tail</c>: the last N journal records in the flat pipe-delimited view; -f follows.</summary>
internal sealed class TailCommand : ICliCommand
{
    public string Name => "tail";
    public string Summary => "print the last messages as Timestamp|Speaker|chain_type|Message (-f follows)";
    public IReadOnlyList<string> ValueOptions => ["-n|--lines", "--data-dir"];
    public IReadOnlyList<string> FlagOptions => ["-f|--follow"];

    public string Usage => """
        usage: ledger tail [-n N] [-f] [--data-dir D]
          Prints the last N (default 10) records of the active journal, one per line:
            {Timestamp}|{SpeakerName}|{chain_type}|{Message}
          -f keeps printing new records as they are fsync'd (Ctrl-C stops).
        """;

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var count = args.GetInt("--lines", 10, min: 0);
        var layout = new DataDirectoryLayout(CliDefaults.DataDirectory(args));
        if (!File.Exists(layout.Journal) && !args.Has("--follow"))
        {
            Console.Error.WriteLine($"ledger tail: no journal at {layout.Journal}");
            return 1;
        }
        var last = new Queue<LedgerRecord>(count + 1);
        long offset = 0;
        if (File.Exists(layout.Journal))
        {
            foreach (var line in JournalReader.ReadLinesWithOffsets(layout.Journal))
            {
                if (count > 0 && LedgerRecordJson.TryParse(line.Bytes.Span, out var record, out _))
                {
                    last.Enqueue(record);
                    if (last.Count > count)
                    {
                        last.Dequeue();
                    }
                }
                offset = line.EndOffset;
            }
        }
        var output = Console.Out;
        foreach (var record in last)
        {
            output.WriteLine(FlatLine.Format(record));
        }
        output.Flush();
        if (!args.Has("--follow"))
        {
            return 0;
        }
        try
        {
            await FollowAsync(layout.Journal, offset, output, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static async Task FollowAsync(string path, long offset, TextWriter output, CancellationToken cancellationToken)
    {
        var pending = new List<byte>();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (File.Exists(path))
            {
                var length = new FileInfo(path).Length;
                if (length < offset)
                {
                    offset = 0; // rotated: the journal started over
                    pending.Clear();
                }
                if (length > offset)
                {
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    stream.Position = offset;
                    var buffer = new byte[length - offset];
                    var read = stream.Read(buffer);
                    offset += read;
                    foreach (var b in buffer.AsSpan(0, read))
                    {
                        if (b != (byte)'\n')
                        {
                            pending.Add(b);
                            continue;
                        }
                        if (LedgerRecordJson.TryParse(pending.ToArray(), out var record, out _))
                        {
                            output.WriteLine(FlatLine.Format(record));
                        }
                        pending.Clear();
                    }
                    output.Flush();
                }
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }
}
