namespace Ledger.Core.Ingest;

/// <summary>One reply owed to a ROUTER peer once its batch is durable.</summary>
/// <param name="RoutingId">The peer's routing id frame.</param>
/// <param name="ReplyWithDelimiter">The peer is REQ: send an empty delimiter frame before the payload.</param>
/// <param name="Id">The message Id (null when the frame was too broken to carry one).</param>
/// <param name="Sequence">Journal Sequence (the original one for duplicates); 0 when rejected.</param>
/// <param name="Status">Stored, duplicate or rejected.</param>
/// <param name="Error">Rejection reason, else null.</param>
public sealed record AckReply(byte[] RoutingId, bool ReplyWithDelimiter, string? Id, long Sequence, AckStatus Status, string? Error);
