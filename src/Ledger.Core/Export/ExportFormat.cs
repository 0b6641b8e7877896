namespace Ledger.Core.Export;

/// <summary>File format of an exported dataset.</summary>
public enum ExportFormat
{
    Parquet,
    Jsonl,
}
