using System.Globalization;
using Ledger.Analytics;
using Ledger.Analytics.Model;
using Ledger.Analytics.Rendering;
using Ledger.Analytics.Scoring;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger report</c>: one streaming pass over the journal, a console summary and report files.</summary>
internal sealed class ReportCommand(IAnsiConsole? console = null, TimeProvider? timeProvider = null) : ICliCommand
{
    private static readonly string[] s_formats = ["json", "md", "html"];
    private readonly IAnsiConsole _console = console ?? AnsiConsole.Console;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public string Name => "report";
    public string Summary => "Analytics report of the journal: console summary plus JSON, Markdown and HTML files";
    public string Usage => """
        usage: ledger report [--data-dir DIR] [--from T] [--to T] [--context ID] [--out DIR] [--format json,md,html]
                             [--session-gap-minutes N]

          --data-dir DIR             data directory (default: config Ledger:DataDirectory, conversation_logs/)
          --from T / --to T          Timestamp window, ISO-8601 (no offset = UTC); from inclusive, to exclusive
          --context ID               only this ContextId
          --out DIR                  where analytics_report_YYYYMMDD_HHMMSS.* go (default: config Ledger:ReportsDirectory)
          --format LIST              comma-separated subset of json,md,html (default: all three)
          --session-gap-minutes N    a gap longer than N minutes starts a new session (default 30)
        """;
    public IReadOnlyList<string> ValueOptions => ["--data-dir", "--from", "--to", "--context", "--out", "--format", "--session-gap-minutes"];
    public IReadOnlyList<string> FlagOptions => [];

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }
        var formats = ParseFormats(args.Get("--format"));
        var dataDirectory = CliDefaults.DataDirectory(args);
        var options = new ReportOptions
        {
            From = args.GetTimestamp("--from"),
            To = args.GetTimestamp("--to"),
            ContextId = args.Get("--context"),
            SessionGap = TimeSpan.FromMinutes(args.GetInt("--session-gap-minutes", 30, 1, 60 * 24 * 365)),
            DomainCount = DomainCountResolver.Resolve(Environment.CurrentDirectory, dataDirectory),
        };
        if (options.From is { } from && options.To is { } to && from >= to)
        {
            throw new UsageException("--from must be earlier than --to");
        }
        var outputDirectory = args.Get("--out") ?? CliDefaults.ReportsDirectory();

        var report = Analyze(dataDirectory, options, cancellationToken);
        Directory.CreateDirectory(outputDirectory);
        var stem = Path.Combine(outputDirectory, "analytics_report_" + report.GeneratedAt.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture));
        var written = new List<string>();
        foreach (var format in formats)
        {
            var path = $"{stem}.{format}";
            WriteAtomically(path, stream =>
            {
                switch (format)
                {
                    case "json": JsonReportRenderer.Render(report, stream); break;
                    case "md": Write(stream, MarkdownReportRenderer.Render(report)); break;
                    default: Write(stream, HtmlReportRenderer.Render(report)); break;
                }
            });
            written.Add(path);
        }
        ReportConsoleView.Show(_console, report);
        foreach (var path in written)
        {
            _console.MarkupLine($"wrote [green]{Markup.Escape(path)}[/]");
        }
        return Task.FromResult(0);
    }

    private AnalyticsReport Analyze(string dataDirectory, ReportOptions options, CancellationToken cancellationToken)
    {
        if (!_console.Profile.Capabilities.Interactive)
        {
            return AnalyticsEngine.Run(dataDirectory, options, null, _time, cancellationToken);
        }
        AnalyticsReport? report = null;
        _console.Progress().Start(context =>
        {
            var task = context.AddTask("reading journal").IsIndeterminate();
            report = AnalyticsEngine.Run(dataDirectory, options,
                read => task.Description = $"reading journal: {read:N0} records", _time, cancellationToken);
            task.StopTask();
        });
        return report!;
    }

    internal static IReadOnlyList<string> ParseFormats(string? text)
    {
        if (text is null)
        {
            return s_formats;
        }
        var formats = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.ToLowerInvariant() switch { "markdown" => "md", var other => other })
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var unknown = formats.FirstOrDefault(f => Array.IndexOf(s_formats, f) < 0);
        if (formats.Length == 0 || unknown is not null)
        {
            throw new UsageException($"--format takes a comma-separated subset of json,md,html, got '{text}'");
        }
        return formats;
    }

    private static void Write(Stream stream, string text)
    {
        var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    }

    /// <summary>Temp file then rename: a half-written report never carries the final name.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            write(stream);
        }
        File.Move(temp, path, overwrite: true);
    }
}
