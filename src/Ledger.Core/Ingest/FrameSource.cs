namespace Ledger.Core.Ingest;

/// <summary>The socket a frame arrived on; stored as the record's <c>Source</c>.</summary>
public enum FrameSource : byte
{
    Pull,
    Sub,
    Router,
}
