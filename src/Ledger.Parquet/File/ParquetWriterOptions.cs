namespace Ledger.Parquet.File;

/// <summary>Options of <see cref="ParquetFileWriter"/>.</summary>
public sealed record ParquetWriterOptions
{
    /// <summary>Default options: Snappy, row groups of 100,000 rows or 32 MiB, 1 MiB pages.</summary>
    public static readonly ParquetWriterOptions Default = new();

    /// <summary>Page codec; default <see cref="ParquetCompression.Snappy"/>.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Rows buffered before a row group is written; default 100,000.</summary>
    /// <remarks>Memory use is bounded by one row group: this and <see cref="RowGroupBytes"/> are the memory knobs.</remarks>
    public int RowGroupRows { get; init; } = 100_000;

    /// <summary>
    /// Buffered bytes (the row group's values, PLAIN, and levels, as its pages are estimated) at which a row group is
    /// written before it has <see cref="RowGroupRows"/> rows; default 32 MiB.
    /// </summary>
    /// <remarks>
    /// Rows alone did not bound memory: 100,000 rows of the bench's ~1 KB records buffered ~150 MB (values, offsets,
    /// levels and the buffers' growth), and rows of long messages would buffer proportionally more. 32 MiB as
    /// estimated is ~50,000 such rows, ~75 MB: <c>ledger export</c> of 1,000,000 records (two row groups in memory,
    /// one encoding in the background) peaked at ~185 instead of ~337 MB resident, with half the page faults, and
    /// was no slower; the file grew 0.1 %. DuckDB and polars read files of many row groups (the interop tests)
    /// (docs/PERFORMANCE.md, twenty-fourth session).
    /// </remarks>
    public long RowGroupBytes { get; init; } = 32L << 20;

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
        ArgumentOutOfRangeException.ThrowIfLessThan(RowGroupBytes, 1, nameof(RowGroupBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(PageSizeBytes, 1024, nameof(PageSizeBytes));
    }
}
