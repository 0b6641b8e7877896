using System.Text;
using System.Text.Json;
using Ledger.Core;
using Ledger.Core.Journal;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger rejected</c>: the dead letter, readably: when, from where, why, and what was sent.</summary>
internal sealed class RejectedCommand : ICliCommand
{
    private const int PreviewChars = 120;

    public string Name => "rejected";
    public string Summary => "list the dead letter (rejected.jsonl): time, source, reason, a preview of the bytes";
    public IReadOnlyList<string> ValueOptions => ["-n|--lines", "--data-dir"];
    public IReadOnlyList<string> FlagOptions => ["--raw"];

    public string Usage => """
        usage: ledger rejected [-n N] [--raw] [--data-dir D]
          Prints the last N (default 20) rejected messages, oldest first:
            {ReceivedAt}  {Source}[/{Topic}]  {Reason}
                {preview of the bytes as text, invalid UTF-8 shown as \xNN}
          --raw prints the exact bytes as base64 instead of the preview.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var count = args.GetInt("--lines", 20, min: 0);
        var layout = new DataDirectoryLayout(CliDefaults.DataDirectory(args));
        if (!File.Exists(layout.Rejected))
        {
            Console.WriteLine($"no rejected messages ({layout.Rejected} does not exist)");
            return Task.FromResult(0);
        }
        var last = new Queue<string>(count + 1);
        long total = 0;
        foreach (var (line, _) in JournalReader.ReadLines(layout.Rejected))
        {
            total++;
            if (count == 0)
            {
                continue;
            }
            last.Enqueue(Encoding.UTF8.GetString(line.Span));
            if (last.Count > count)
            {
                last.Dequeue();
            }
        }
        var raw = args.Has("--raw");
        foreach (var text in last)
        {
            Console.WriteLine(Format(text, raw));
        }
        Console.WriteLine($"({last.Count} shown of {total} rejected in {layout.Rejected})");
        return Task.FromResult(0);
    }

    private static string Format(string line, bool raw)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var topic = root.TryGetProperty("Topic", out var t) && t.ValueKind == JsonValueKind.String ? "/" + t.GetString() : "";
            var base64 = root.GetProperty("RawBase64").GetString() ?? "";
            var body = raw ? base64 : Preview(Convert.FromBase64String(base64));
            return $"{root.GetProperty("ReceivedAt").GetString()}  {root.GetProperty("Source").GetString()}{topic}  {root.GetProperty("Reason").GetString()}\n    {body}";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return $"(unreadable dead-letter line: {ex.Message})\n    {line}";
        }
    }

    /// <summary>The first bytes as text; bytes that are not valid UTF-8 or are control characters are shown as \xNN.</summary>
    private static string Preview(byte[] bytes)
    {
        var text = new StringBuilder();
        var span = bytes.AsSpan();
        while (!span.IsEmpty && text.Length < PreviewChars)
        {
            var status = System.Text.Rune.DecodeFromUtf8(span, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done && !System.Text.Rune.IsControl(rune))
            {
                text.Append(rune.ToString());
            }
            else
            {
                text.Append($"\\x{span[0]:X2}");
                consumed = 1;
            }
            span = span[consumed..];
        }
        if (!span.IsEmpty)
        {
            text.Append($"… ({bytes.Length:N0} bytes)");
        }
        return text.ToString();
    }
}
