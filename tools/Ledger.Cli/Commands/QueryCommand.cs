using Ledger.Analytics.Querying;
using Ledger.Core;
using Ledger.Core.Records;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger query</c>: stream the records that match filters as a table, JSON lines or flat lines.</summary>
internal sealed class QueryCommand(TextWriter? output = null, IAnsiConsole? console = null) : ICliCommand
{
    /// <summary>Rows per rendered table: the table format streams in pages so memory stays bounded.</summary>
    private const int TablePageRows = 100;

    private readonly TextWriter _output = output ?? Console.Out;
    private readonly IAnsiConsole _console = console ?? AnsiConsole.Console;

    public string Name => "query";
    public string Summary => "Find journal records by speaker, context, domain, tier, type, time or text";
    public string Usage => """
        usage: ledger query [--data-dir DIR] [--speaker P] [--context P] [--chain P] [--tier A|C|E] [--type P]
                            [--since T] [--until T] [--text S] [--limit N] [--format table|jsonl|flat]

          P is a glob: * any run of characters, ? one character (case-insensitive), e.g. --type "execution.*"
          --since / --until     Timestamp window, ISO-8601 (no offset = UTC); since inclusive, until exclusive
          --text S              case-insensitive substring of the message
          --limit N             stop after N matches
          --format              table (default, pages of 100 rows), jsonl (journal lines), flat
                                (Timestamp|SpeakerName|chain_type|Message, line breaks in Message written as \n)
        """;
    public IReadOnlyList<string> ValueOptions =>
        ["--data-dir", "--speaker", "--context", "--chain", "--tier", "--type", "--since", "--until", "--text", "--limit", "--format"];
    public IReadOnlyList<string> FlagOptions => [];

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }
        var format = args.Get("--format") ?? "table";
        if (format is not ("table" or "jsonl" or "flat"))
        {
            throw new UsageException($"--format must be table, jsonl or flat, got '{format}'");
        }
        var tier = args.Get("--tier");
        if (tier is not null && tier.ToUpperInvariant() is not ("A" or "C" or "E"))
        {
            throw new UsageException($"--tier must be A, C or E, got '{tier}'");
        }
        var query = new RecordQuery
        {
            Speaker = Glob(args, "--speaker"),
            Context = Glob(args, "--context"),
            Chain = Glob(args, "--chain"),
            Tier = tier,
            Type = Glob(args, "--type"),
            Since = args.GetTimestamp("--since"),
            Until = args.GetTimestamp("--until"),
            Text = args.Get("--text"),
            Limit = args.Has("--limit") ? args.GetInt("--limit", 0, 1) : null,
        };
        var dataDirectory = CliDefaults.DataDirectory(args);
        if (!Directory.Exists(dataDirectory))
        {
            throw new LedgerException($"data directory '{dataDirectory}' does not exist");
        }
        var page = new List<LedgerRecord>(TablePageRows);
        long matches = 0;
        foreach (var record in query.Run(dataDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            matches++;
            switch (format)
            {
                case "jsonl": _output.Write(LedgerRecordJson.ToJson(record)); _output.Write('\n'); break;
                case "flat": _output.Write(FlatLine.Format(record)); _output.Write('\n'); break;
                default:
                    page.Add(record);
                    if (page.Count == TablePageRows)
                    {
                        WriteTable(page);
                    }
                    break;
            }
        }
        if (format == "table")
        {
            WriteTable(page);
            _console.MarkupLine($"[grey]{matches:N0} matching records[/]");
        }
        _output.Flush();
        return Task.FromResult(0);
    }

    private static GlobPattern? Glob(CliArguments args, string name) => args.Get(name) is { } text ? new GlobPattern(text) : null;

    private void WriteTable(List<LedgerRecord> page)
    {
        if (page.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumn("Timestamp").AddColumn("Speaker").AddColumn("Context").AddColumn("Domain")
            .AddColumn("Tier").AddColumn("Type").AddColumn("Message");
        foreach (var r in page)
        {
            var text = r.Message.Length > 160 ? r.Message[..159] + "…" : r.Message;
            table.AddRow(LedgerRecordJson.FormatTimestamp(r.Timestamp), Markup.Escape(r.SpeakerName), Markup.Escape(r.ContextId ?? ""),
                Markup.Escape(r.Metadata.ChainType), Markup.Escape(r.Metadata.AceTier), Markup.Escape(r.MessageType ?? ""), Markup.Escape(text));
        }
        _console.Write(table);
        page.Clear();
    }
}
