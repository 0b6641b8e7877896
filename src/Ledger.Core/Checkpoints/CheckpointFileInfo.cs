namespace Ledger.Core.Checkpoints;

/// <summary>One sealed file of a checkpoint, as listed in the manifest.</summary>
/// <param name="Name">File name inside checkpoints/.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
public sealed record CheckpointFileInfo(string Name, long Bytes, string Sha256);
