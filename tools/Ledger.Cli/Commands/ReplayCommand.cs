using Ledger.Analytics.Replay;
using Ledger.Core;
using Ledger.Core.Records;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger replay</c>: one context's messages in order, or its causal graph as Mermaid.</summary>
internal sealed class ReplayCommand(TextWriter? output = null) : ICliCommand
{
    private readonly TextWriter _output = output ?? Console.Out;

    public string Name => "replay";
    public string Summary => "Print a context's ordered timeline, or its causal DAG as Mermaid (--graph)";
    public string Usage => """
        usage: ledger replay --context ID [--graph] [--data-dir DIR]

          --context ID   the ContextId to replay (required)
          --graph        print a Mermaid 'graph TD': CausationId → Id edges (solid) where the cause is in the
                         context, else previous message → message (dotted)
        """;
    public IReadOnlyList<string> ValueOptions => ["--data-dir", "--context"];
    public IReadOnlyList<string> FlagOptions => ["--graph"];

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }
        var context = args.Require("--context");
        var dataDirectory = CliDefaults.DataDirectory(args);
        if (!Directory.Exists(dataDirectory))
        {
            throw new LedgerException($"data directory '{dataDirectory}' does not exist");
        }
        int count;
        if (args.Has("--graph"))
        {
            count = ContextReplay.WriteMermaid(dataDirectory, context, _output);
        }
        else
        {
            count = 0;
            foreach (var record in ContextReplay.Timeline(dataDirectory, context))
            {
                cancellationToken.ThrowIfCancellationRequested();
                count++;
                _output.Write(Line(record));
                _output.Write('\n');
            }
        }
        _output.Flush();
        if (count == 0)
        {
            Console.Error.WriteLine($"ledger replay: context '{context}' has no messages");
            return Task.FromResult(1);
        }
        return Task.FromResult(0);
    }

    /// <summary>One timeline line: sequence, time, speaker (→ receiver), [type], message with line breaks escaped.</summary>
    internal static string Line(LedgerRecord record)
    {
        var to = string.IsNullOrEmpty(record.Receiver) ? "" : " → " + record.Receiver;
        var type = string.IsNullOrEmpty(record.MessageType) ? "" : $" [{record.MessageType}]";
        var text = record.Message.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return $"#{record.Sequence} {LedgerRecordJson.FormatTimestamp(record.Timestamp)} {record.SpeakerName}{to}{type}: {text}";
    }
}
