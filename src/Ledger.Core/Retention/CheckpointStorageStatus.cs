using Ledger.Core.Checkpoints;

namespace Ledger.Core.Retention;

/// <summary>One manifest entry and where its files are.</summary>
/// <param name="Entry">The manifest entry.</param>
/// <param name="State">Live, archived, partially archived or missing.</param>
/// <param name="BytesOnDisk">Bytes the checkpoint occupies now: live files plus archive copies.</param>
public sealed record CheckpointStorageStatus(CheckpointEntry Entry, CheckpointStorageState State, long BytesOnDisk)
{
    /// <summary>The checkpoint's name: its file name without extension, e.g. <c>20260301T120000Z_auto</c>.</summary>
    public string Name => CheckpointArchiver.NameOf(Entry);
}
