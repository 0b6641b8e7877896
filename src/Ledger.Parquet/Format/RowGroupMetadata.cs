namespace Ledger.Parquet.Format;

/// <summary>What the footer needs to know about one written row group.</summary>
internal sealed record RowGroupMetadata(IReadOnlyList<ChunkMetadata> Columns, long NumRows, long FileOffset);
