namespace Ledger.Parquet.Format;

/// <summary>What the footer needs to know about one written column chunk.</summary>
internal sealed record ChunkMetadata(
    PhysicalType Type,
    IReadOnlyList<ParquetEncoding> Encodings,
    IReadOnlyList<string> Path,
    int Codec,
    long NumValues,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset,
    long NullCount,
    ColumnStatistics Statistics,
    int DataPageCount,
    ParquetEncoding DataEncoding);
