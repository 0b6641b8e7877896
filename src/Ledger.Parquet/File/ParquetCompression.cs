namespace Ledger.Parquet.File;

/// <summary>Page compression codec; values are the Parquet <c>CompressionCodec</c> numbers.</summary>
public enum ParquetCompression
{
    /// <summary>No compression.</summary>
    Uncompressed = 0,

    /// <summary>Snappy raw block format (not the framing format): fast, the common default.</summary>
    Snappy = 1,

    /// <summary>GZIP (RFC 1952): smaller files, slower to write.</summary>
    Gzip = 2,
}
