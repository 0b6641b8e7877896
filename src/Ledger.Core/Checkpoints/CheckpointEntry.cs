namespace Ledger.Core.Checkpoints;

/// <summary>A sealed checkpoint in checkpoints/index.json: which records, when, and the files holding them.</summary>
/// <param name="Label">Label given when sealing (letters, digits, '-' and '_').</param>
/// <param name="CreatedAt">When it was sealed (UTC).</param>
/// <param name="FirstSequence">First Sequence in the checkpoint.</param>
/// <param name="LastSequence">Last Sequence in the checkpoint.</param>
/// <param name="Count">Records in the checkpoint (LastSequence - FirstSequence + 1 for a gap-free journal).</param>
/// <param name="FirstTimestamp">Earliest record Timestamp.</param>
/// <param name="LastTimestamp">Latest record Timestamp.</param>
/// <param name="Files">The JSON and Parquet files with their sizes and SHA-256.</param>
/// <param name="FormatVersion">Format of the checkpoint files (<see cref="CheckpointManifest.CurrentFormatVersion"/>).</param>
public sealed record CheckpointEntry(
    string Label,
    DateTime CreatedAt,
    long FirstSequence,
    long LastSequence,
    long Count,
    DateTime FirstTimestamp,
    DateTime LastTimestamp,
    IReadOnlyList<CheckpointFileInfo> Files,
    int FormatVersion);
