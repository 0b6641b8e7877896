namespace Ledger.Parquet.Format;

/// <summary>Chunk statistics: min/max PLAIN-encoded without length prefix, or null when omitted.</summary>
internal sealed record ColumnStatistics(byte[]? Min, byte[]? Max, bool IsMinExact, bool IsMaxExact)
{
    public static readonly ColumnStatistics None = new(null, null, false, false);
}
