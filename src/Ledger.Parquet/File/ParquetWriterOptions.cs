namespace Ledger.Parquet.File;

/// <summary>Options of <see cref="ParquetFileWriter"/>.</summary>
public sealed record ParquetWriterOptions
{
    /// <summary>Default options: Snappy, 100,000 rows per row group, 1 MiB pages.</summary>
    public static readonly ParquetWriterOptions Default = new();

    /// <summary>Page codec; default <see cref="ParquetCompression.Snappy"/>.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Rows buffered before a row group is written; default 100,000.</summary>
    /// <remarks>Memory use is bounded by one row group, so this is also the memory knob.</remarks>
    public int RowGroupRows { get; init; } = 100_000;

    /// <summary>Target uncompressed data page size in bytes; default 1 MiB. Pages split only between rows.</summary>
    public int PageSizeBytes { get; init; } = 1024 * 1024;

    /// <summary>Encode and write each full row group on a pool thread while the next one is filled; default false.</summary>
    /// <remarks>
    /// The file's bytes are the same either way. It uses a second core and doubles the buffered memory (two row
    /// groups), so it suits bulk exports rather than the daemon's checkpoints.
    /// </remarks>
    public bool EncodeInBackground { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "Unknown Parquet compression codec.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(RowGroupRows, 1, nameof(RowGroupRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(PageSizeBytes, 1024, nameof(PageSizeBytes));
    }
}
