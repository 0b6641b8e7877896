namespace Ledger.Core.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Records">Records exported.</param>
/// <param name="Files">Part files written (relative to the output directory).</param>
/// <param name="Bytes">Total bytes of the part files.</param>
public sealed record ExportResult(long Records, IReadOnlyList<string> Files, long Bytes);
