namespace Ledger.Parquet.Schema;

/// <summary>One top-level column of a <see cref="ParquetSchema"/>.</summary>
/// <param name="Name">Column name as readers show it.</param>
/// <param name="Type">Value type.</param>
/// <param name="Nullable">True for an OPTIONAL column; for <see cref="ParquetType.StringList"/> the list itself may be null.</param>
public sealed record ParquetField(string Name, ParquetType Type, bool Nullable)
{
    /// <summary>For <see cref="ParquetType.StringList"/> only: whether list elements may be null (default false).</summary>
    public bool NullableElements { get; init; }

    /// <summary>Whether string values may be dictionary-encoded (default true).</summary>
    /// <remarks>
    /// Even when true, the writer falls back to PLAIN per column chunk when the dictionary would not pay off (more
    /// than 64K distinct values, more than 1 MB of distinct bytes, or not smaller than PLAIN). Turn it off for
    /// columns known to be unique (ids, hashes, free text) to skip the bookkeeping.
    /// </remarks>
    public bool DictionaryEncoding { get; init; } = true;
}
