using System.Buffers.Text;
using System.Text.Json;

namespace Ledger.Core.Verification;

/// <summary>Checks rejected.jsonl: one JSON object per line with ReceivedAt, Source, Reason and valid RawBase64.</summary>
internal static class RejectedFileCheck
{
    private static readonly string[] s_required = ["ReceivedAt", "Source", "Reason", "RawBase64"];

    public static void Run(string path, ProblemLog problems)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var scan = LineScanner.Scan(path, (line, number) =>
        {
            if (Check(line) is { } problem)
            {
                problems.Error("rejected", path, number, problem);
            }
        });
        if (scan.ReadError is not null)
        {
            problems.Error("file", path, scan.Lines + 1, $"cannot be read past line {scan.Lines}: {scan.ReadError}");
        }
        if (scan.TornTailBytes > 0)
        {
            problems.Warning("torn-tail", path, scan.Lines + 1, $"torn tail: {scan.TornTailBytes} bytes without a newline (will be cut at next start)");
        }
    }

    /// <summary>Why the line is not a valid dead-letter entry, or null when it is.</summary>
    private static string? Check(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return "empty line";
        }
        var found = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "not a JSON object";
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (Array.IndexOf(s_required, name) >= 0)
                {
                    if (CheckField(name, ref reader) is { } problem)
                    {
                        return problem;
                    }
                    found.Add(name);
                }
                reader.Skip();
            }
            if (reader.Read())
            {
                return "text after the JSON object";
            }
        }
        catch (JsonException ex)
        {
            return $"not valid JSON: {ex.Message}";
        }
        var missing = s_required.Where(r => !found.Contains(r)).ToArray();
        return missing.Length > 0 ? $"missing {string.Join(", ", missing)}" : null;
    }

    private static string? CheckField(string name, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return $"{name} is not a string";
        }
        return name switch
        {
            "ReceivedAt" when !reader.TryGetDateTime(out _) => "ReceivedAt is not an ISO-8601 timestamp",
            // Base64 '+' and '/' may be JSON-escaped by some writers, so validate the unescaped text.
            "RawBase64" when !Base64.IsValid(reader.GetString()!) => "RawBase64 is not valid base64",
            _ => null,
        };
    }
}
