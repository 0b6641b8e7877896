using System.Text.Json;

namespace Ledger.Parquet.Tests.Support;

/// <summary>What a reader script printed: column names with the reader's type names, and the rows.</summary>
public sealed record InteropResult(IReadOnlyList<(string Name, string Type)> Columns, IReadOnlyList<JsonElement> Rows)
{
    public string TypeOf(string column) => Columns.Single(c => c.Name == column).Type;

    /// <summary>A BIGINT/timestamp value (printed as a decimal string) or null.</summary>
    public static long? Int64(JsonElement row, string column)
    {
        var value = row.GetProperty(column);
        return value.ValueKind == JsonValueKind.Null ? null : long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? String(JsonElement row, string column)
    {
        var value = row.GetProperty(column);
        return value.ValueKind == JsonValueKind.Null ? null : value.GetString();
    }

    public static IReadOnlyList<string?>? StringList(JsonElement row, string column)
    {
        var value = row.GetProperty(column);
        return value.ValueKind == JsonValueKind.Null
            ? null
            : value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()).ToList();
    }
}
