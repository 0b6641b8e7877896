using Ledger.Parquet.File;

namespace Ledger.Daemon.Options;

/// <summary>Checkpoint sealing (<c>Ledger:Checkpoints:*</c>).</summary>
internal sealed class CheckpointOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Checkpoints";

    /// <summary>Seconds between automatic checkpoints (sealed only when something new was persisted). Default 300.</summary>
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>Parquet codec of checkpoint copies: Snappy, Gzip or Uncompressed. Default Snappy.</summary>
    public ParquetCompression ParquetCompression { get; set; } = ParquetCompression.Snappy;

    public IEnumerable<string> Validate()
    {
        if (IntervalSeconds is < 1 or > 86_400)
        {
            yield return $"Ledger:Checkpoints:IntervalSeconds must be in [1, 86400], got {IntervalSeconds}";
        }
        if (!Enum.IsDefined(ParquetCompression))
        {
            yield return $"Ledger:Checkpoints:ParquetCompression must be Snappy, Gzip or Uncompressed, got {ParquetCompression}";
        }
    }
}
