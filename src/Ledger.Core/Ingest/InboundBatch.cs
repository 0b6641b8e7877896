namespace Ledger.Core.Ingest;

/// <summary>A burst of received messages copied into one growable buffer; pooled and reused.</summary>
/// <remarks>
/// The receive thread copies each frame once, out of libzmq's zmq_msg_t (whose memory is reused by the next receive),
/// into this buffer. One batch per drained burst keeps channel traffic per burst rather than per message.
/// </remarks>
public sealed class InboundBatch
{
    private byte[] _buffer;
    private readonly List<InboundFrame> _frames;

    public InboundBatch(int initialBytes = 1 << 16, int initialFrames = 256)
    {
        _buffer = new byte[initialBytes];
        _frames = new List<InboundFrame>(initialFrames);
    }

    /// <summary>Bytes of every frame in the batch.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Bytes used so far.</summary>
    public int ByteCount { get; private set; }

    /// <summary>The messages, in receive order.</summary>
    public IReadOnlyList<InboundFrame> Frames => _frames;

    /// <summary>The messages, in receive order, as a span: the hot loops index it without an interface call per frame.</summary>
    /// <remarks>Valid until the next <see cref="Add"/> or <see cref="Clear"/>.</remarks>
    public ReadOnlySpan<InboundFrame> FrameSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_frames);

    /// <summary>Number of messages in the batch.</summary>
    public int Count => _frames.Count;

    /// <summary>Copies bytes into the batch and returns their offset.</summary>
    public int Copy(ReadOnlySpan<byte> bytes)
    {
        if (ByteCount + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, ByteCount + bytes.Length));
        }
        bytes.CopyTo(_buffer.AsSpan(ByteCount));
        var offset = ByteCount;
        ByteCount += bytes.Length;
        return offset;
    }

    /// <summary>Adds a message whose bytes were copied with <see cref="Copy"/>.</summary>
    public void Add(in InboundFrame frame) => _frames.Add(frame);

    /// <summary>The JSON frame of a message.</summary>
    public ReadOnlySpan<byte> Payload(in InboundFrame frame) => _buffer.AsSpan(frame.Offset, frame.Length);

    /// <summary>The topic frame, empty when there is none.</summary>
    public ReadOnlySpan<byte> Topic(in InboundFrame frame) =>
        frame.TopicOffset < 0 ? default : _buffer.AsSpan(frame.TopicOffset, frame.TopicLength);

    /// <summary>The ROUTER routing id, empty for PULL/SUB.</summary>
    public ReadOnlySpan<byte> RoutingId(in InboundFrame frame) =>
        frame.RoutingOffset < 0 ? default : _buffer.AsSpan(frame.RoutingOffset, frame.RoutingLength);

    /// <summary>Empties the batch for reuse; shrinks a buffer that one huge frame blew up.</summary>
    public void Clear()
    {
        _frames.Clear();
        ByteCount = 0;
        if (_buffer.Length > 16 << 20)
        {
            _buffer = new byte[1 << 16];
        }
    }
}
