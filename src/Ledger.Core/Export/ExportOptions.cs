using Ledger.Parquet.File;

namespace Ledger.Core.Export;

/// <summary>What <see cref="DatasetExporter"/> exports and how.</summary>
public sealed record ExportOptions
{
    public ExportFormat Format { get; init; } = ExportFormat.Parquet;

    /// <summary>Only records with Timestamp ≥ From (UTC), when set.</summary>
    public DateTime? From { get; init; }

    /// <summary>Only records with Timestamp &lt; To (UTC), when set.</summary>
    public DateTime? To { get; init; }

    public ParquetWriterOptions Parquet { get; init; } = ParquetWriterOptions.Default;

    /// <summary>Most partitions with an open part file at once; bounds memory when dates interleave. Default 4.</summary>
    public int MaxOpenPartitions { get; init; } = 4;
}
