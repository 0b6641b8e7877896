namespace Ledger.Core.Records;

/// <summary>Where and when one frame arrived: the facts the decoder cannot read from the JSON itself.</summary>
/// <param name="Source">Socket kind: <c>pull</c>, <c>sub</c> or <c>router</c>.</param>
/// <param name="Topic">First frame of a multipart PULL/SUB message, else null.</param>
/// <param name="ReceivedAt">When the frame was read off the socket; treated as UTC.</param>
public readonly record struct FrameContext(string Source, string? Topic, DateTime ReceivedAt);
