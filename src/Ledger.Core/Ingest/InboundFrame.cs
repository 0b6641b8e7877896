namespace Ledger.Core.Ingest;

/// <summary>Where one received message sits inside an <see cref="InboundBatch"/> buffer (no copies, no strings).</summary>
/// <param name="Offset">Start of the JSON frame (the last frame of the ZeroMQ message).</param>
/// <param name="Length">Length of the JSON frame.</param>
/// <param name="TopicOffset">Start of the topic frame, or -1 when the message had a single frame.</param>
/// <param name="TopicLength">Length of the topic frame.</param>
/// <param name="RoutingOffset">Start of the ROUTER routing id, or -1 for PULL/SUB.</param>
/// <param name="RoutingLength">Length of the routing id.</param>
/// <param name="ReplyWithDelimiter">True when the ROUTER peer is a REQ socket (its reply needs an empty frame).</param>
/// <param name="Source">Socket the message came from.</param>
/// <param name="ReceivedAtTicks">UTC ticks when it was read off the socket.</param>
public readonly record struct InboundFrame(
    int Offset,
    int Length,
    int TopicOffset,
    int TopicLength,
    int RoutingOffset,
    int RoutingLength,
    bool ReplyWithDelimiter,
    FrameSource Source,
    long ReceivedAtTicks);
