namespace Ledger.Core.Records;

/// <summary>Limits the decoder enforces on every frame (DESIGN.md §4).</summary>
public sealed class DecoderOptions
{
    /// <summary>Largest accepted frame in bytes; bigger frames are rejected, not truncated.</summary>
    /// <remarks>Default 1 MiB, bound to <c>Ledger:Ingest:MaxMessageBytes</c> by the daemon.</remarks>
    public int MaxMessageBytes { get; init; } = 1_048_576;

    /// <summary>Deepest accepted JSON nesting; the top-level object counts as depth 1.</summary>
    /// <remarks>Default 64, the same bound System.Text.Json uses, so a hostile frame cannot exhaust the stack.</remarks>
    public int MaxDepth { get; init; } = 64;
}
