namespace Ledger.Parquet.Columns;

/// <summary>The slice of a column buffer that becomes one data page: whole rows only (parquet-writing.md §4).</summary>
internal readonly record struct PageRange(int LevelStart, int LevelCount, int ValueStart, int ValueCount);
