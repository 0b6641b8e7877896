using Ledger.Parquet.File;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Tests.Support;

/// <summary>A row of the general test schema; every kind of column, nullable and required.</summary>
public sealed record TestRow(
    long Sequence,
    DateTime Timestamp,
    string Speaker,
    string? Receiver,
    string Message,
    int Kind,
    bool Flag,
    long? Amount,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string?> Notes);

/// <summary>The test schema and a writer helper for <see cref="TestRow"/>s.</summary>
public static class TestTable
{
    public static readonly ParquetSchema Schema = new(
        new ParquetField("sequence", ParquetType.Int64, false),
        new ParquetField("timestamp", ParquetType.TimestampMicros, false),
        new ParquetField("speaker", ParquetType.String, false),
        new ParquetField("receiver", ParquetType.String, true),
        new ParquetField("message", ParquetType.String, false) { DictionaryEncoding = false },
        new ParquetField("kind", ParquetType.Int32, false),
        new ParquetField("flag", ParquetType.Boolean, false),
        new ParquetField("amount", ParquetType.Int64, true),
        new ParquetField("tags", ParquetType.StringList, true),
        new ParquetField("notes", ParquetType.StringList, false) { NullableElements = true });

    public static void Write(string path, IEnumerable<TestRow> rows, ParquetWriterOptions options)
    {
        using var stream = System.IO.File.Create(path);
        using var writer = new ParquetFileWriter(stream, Schema, options);
        foreach (var row in rows)
        {
            writer.BeginRow();
            writer.SetInt64(0, row.Sequence);
            writer.SetTimestamp(1, row.Timestamp);
            writer.SetString(2, row.Speaker);
            writer.SetString(3, row.Receiver);
            writer.SetString(4, row.Message);
            writer.SetInt32(5, row.Kind);
            writer.SetBoolean(6, row.Flag);
            if (row.Amount is { } amount)
            {
                writer.SetInt64(7, amount);
            }
            writer.SetStringList(8, row.Tags);
            writer.SetStringList(9, row.Notes);
            writer.EndRow();
        }
        writer.Complete();
    }

    /// <summary>Rows with every awkward case spread over them: nulls, empty lists, unicode, extremes.</summary>
    public static List<TestRow> Rows(int count, int distinctSpeakers)
    {
        var start = new DateTime(2025, 12, 1, 17, 9, 21, DateTimeKind.Utc);
        var messages = new[] { "hello", "日本語のテキスト", "emoji 😀🚀 mixed", "e\u0301 combining", "lone \uD800 high", "lone \uDC00 low", "" };
        var rows = new List<TestRow>(count);
        for (var i = 0; i < count; i++)
        {
            rows.Add(new TestRow(
                Sequence: i + 1,
                Timestamp: start.AddTicks(i * 12_345_670L),
                Speaker: $"agent_{i % distinctSpeakers:D3}",
                Receiver: i % 3 == 0 ? null : $"receiver_{i % 5}",
                Message: messages[i % messages.Length] + " #" + i,
                Kind: i % 4 == 0 ? int.MinValue + i : i,
                Flag: i % 2 == 0,
                Amount: i % 7 == 0 ? null : (i % 2 == 0 ? long.MaxValue - i : long.MinValue + i),
                Tags: (i % 5) switch { 0 => null, 1 => [], 2 => ["@Status-Ready"], _ => ["a", "ümlaut", "🚀" + i] },
                Notes: (i % 4) switch { 0 => [], 1 => [null], 2 => ["x", null, "y"], _ => ["note " + i] }));
        }
        return rows;
    }

    /// <summary>What a reader must return for a string we wrote: lone surrogates become U+FFFD.</summary>
    public static string? Expected(string? value) =>
        value is null ? null : System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>Epoch microseconds of a UTC instant, truncated like the writer does.</summary>
    public static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
