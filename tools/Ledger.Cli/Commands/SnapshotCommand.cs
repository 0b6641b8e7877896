using Ledger.Analytics.Snapshots;
using Ledger.Core;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger snapshot</c>: the last K messages of a context as a prompt-ready Markdown file, older ones archived.</summary>
internal sealed class SnapshotCommand(IAnsiConsole? console = null) : ICliCommand
{
    private readonly IAnsiConsole _console = console ?? AnsiConsole.Console;

    public string Name => "snapshot";
    public string Summary => "Write a context's recent messages (communication.md) and older ones (archive.md)";
    public string Usage => """
        usage: ledger snapshot --context ID [-k N] [--out DIR] [--data-dir DIR]

          --context ID    the ContextId to snapshot (required)
          -k, --last N    messages in communication.md (default 20); older ones go to archive.md
          --out DIR       output directory (default: <reports>/snapshots/<context>)
        """;
    public IReadOnlyList<string> ValueOptions => ["--data-dir", "--context", "-k|--last", "--out"];
    public IReadOnlyList<string> FlagOptions => [];

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }
        var context = args.Require("--context");
        if (context.Length == 0)
        {
            throw new UsageException("--context must not be empty");
        }
        var last = args.GetInt("--last", 20, 1, 1_000_000);
        var dataDirectory = CliDefaults.DataDirectory(args);
        if (!Directory.Exists(dataDirectory))
        {
            throw new LedgerException($"data directory '{dataDirectory}' does not exist");
        }
        var output = args.Get("--out") ?? Path.Combine(CliDefaults.ReportsDirectory(), "snapshots", SafeName(context));
        var (recent, archived) = ContextSnapshotWriter.Write(dataDirectory, context, last, output);
        if (recent == 0)
        {
            _console.MarkupLine($"[yellow]context '{Markup.Escape(context)}' has no messages[/]");
        }
        _console.MarkupLine($"wrote [green]{Markup.Escape(Path.Combine(output, ContextSnapshotWriter.CommunicationFileName))}[/] ({recent:N0} messages)");
        _console.MarkupLine($"wrote [green]{Markup.Escape(Path.Combine(output, ContextSnapshotWriter.ArchiveFileName))}[/] ({archived:N0} messages)");
        return Task.FromResult(0);
    }

    /// <summary>A context id as a directory name: path separators and other unsafe characters become '_'.</summary>
    internal static string SafeName(string context)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = context.Select(c => invalid.Contains(c) || c is '/' or '\\' or ':' ? '_' : c).ToArray();
        var name = new string(chars).Trim('.');
        return name.Length == 0 ? "_" : name;
    }
}
