using System.Runtime.InteropServices;
using Ledger.Zmq.Native;

namespace Ledger.Zmq;

/// <summary>A reusable native zmq_msg_t for receiving: one allocation per receive loop, not per message.</summary>
/// <remarks>
/// Mirrors libzmq's perf/local_thr: init once, zmq_msg_recv into it again and again (which releases the previous
/// content), close once. <see cref="Data"/> is valid only until the next receive or dispose — copy what must outlive
/// it. The struct lives in native memory because a zmq_msg_t must never move or be copied by value.
/// </remarks>
public sealed unsafe class ZmqFrame : IDisposable
{
    private ZmqMsg* _message;

    public ZmqFrame()
    {
        ZmqNativeResolver.Install();
        _message = (ZmqMsg*)NativeMemory.AlignedAlloc(64, 8);
        if (LibZmq.zmq_msg_init(_message) != 0)
        {
            NativeMemory.AlignedFree(_message);
            _message = null;
            throw ZmqException.FromLastError("zmq_msg_init");
        }
    }

    /// <summary>The bytes of the last received frame.</summary>
    public ReadOnlySpan<byte> Data
    {
        get
        {
            var message = Message;
            return new ReadOnlySpan<byte>(LibZmq.zmq_msg_data(message), checked((int)LibZmq.zmq_msg_size(message)));
        }
    }

    /// <summary>Size in bytes of the last received frame.</summary>
    public int Size => checked((int)LibZmq.zmq_msg_size(Message));

    /// <summary>True when more frames of the same multipart message follow.</summary>
    public bool More => LibZmq.zmq_msg_more(Message) == 1;

    private ZmqMsg* Message => _message != null ? _message : throw new ObjectDisposedException(nameof(ZmqFrame));

    /// <summary>Receives the next frame from <paramref name="socket"/>.</summary>
    /// <returns>False when <paramref name="dontWait"/> is set and nothing is queued (or RCVTIMEO expired).</returns>
    /// <exception cref="ZmqException">ETERM after context shutdown, or any other failure. EINTR is retried.</exception>
    public bool TryReceive(ZmqSocket socket, bool dontWait)
    {
        var handle = socket.Handle;
        while (true)
        {
            if (LibZmq.zmq_msg_recv(Message, handle, dontWait ? 1 : 0) >= 0)
            {
                return true;
            }
            var error = Marshal.GetLastPInvokeError();
            if (error == ZmqErrors.EINTR)
            {
                continue;
            }
            if (error == ZmqErrors.EAGAIN)
            {
                return false;
            }
            throw new ZmqException("zmq_msg_recv", error);
        }
    }

    /// <summary>A metadata property of the last frame ("Peer-Address", "User-Id", ...), or null.</summary>
    public string? GetProperty(string name)
    {
        var value = LibZmq.zmq_msg_gets(Message, name);
        return value == 0 ? null : Marshal.PtrToStringUTF8(value);
    }

    public void Dispose()
    {
        if (_message != null)
        {
            LibZmq.zmq_msg_close(_message);
            NativeMemory.AlignedFree(_message);
            _message = null;
        }
    }
}
