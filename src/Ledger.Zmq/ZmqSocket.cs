using System.Runtime.InteropServices;
using System.Text;
using Ledger.Zmq.Native;

namespace Ledger.Zmq;

/// <summary>One libzmq socket. Not thread-safe: create, use and close it on one thread.</summary>
public sealed unsafe class ZmqSocket : IDisposable
{
    private nint _handle;

    internal ZmqSocket(ZmqContext context, ZmqSocketType type)
    {
        _handle = LibZmq.zmq_socket(context.Handle, (int)type);
        if (_handle == 0)
        {
            throw ZmqException.FromLastError($"zmq_socket({type})");
        }
        Type = type;
        // A closed socket must never hold the process: pending outbound messages are dropped unless the owner
        // sets a linger explicitly (clients that flush on dispose do).
        SetOption(ZmqSocketOption.Linger, 0);
    }

    public ZmqSocketType Type { get; }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(ZmqSocket));

    /// <summary>Binds and returns the endpoint actually bound (the port is filled in for <c>tcp://host:*</c>).</summary>
    public string Bind(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        if (LibZmq.zmq_bind(Handle, endpoint) != 0)
        {
            throw ZmqException.FromLastError($"zmq_bind({endpoint})");
        }
        return GetStringOption(ZmqSocketOption.LastEndpoint);
    }

    /// <summary>Connects (asynchronously in libzmq: the peer need not be up yet).</summary>
    public void Connect(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        if (LibZmq.zmq_connect(Handle, endpoint) != 0)
        {
            throw ZmqException.FromLastError($"zmq_connect({endpoint})");
        }
    }

    /// <summary>Subscribes a SUB socket to a topic prefix; empty means everything.</summary>
    public void Subscribe(ReadOnlySpan<byte> prefix) => SetOption(ZmqSocketOption.Subscribe, prefix);

    public void SetOption(ZmqSocketOption option, int value) => SetOption(option, new ReadOnlySpan<byte>(&value, sizeof(int)));

    public void SetOption(ZmqSocketOption option, long value) => SetOption(option, new ReadOnlySpan<byte>(&value, sizeof(long)));

    public void SetOption(ZmqSocketOption option, string value) => SetOption(option, Encoding.UTF8.GetBytes(value));

    public void SetOption(ZmqSocketOption option, ReadOnlySpan<byte> value)
    {
        fixed (byte* pointer = value)
        {
            if (LibZmq.zmq_setsockopt(Handle, (int)option, pointer, (nuint)value.Length) != 0)
            {
                throw ZmqException.FromLastError($"zmq_setsockopt({option})");
            }
        }
    }

    public int GetInt32Option(ZmqSocketOption option)
    {
        int value;
        nuint length = sizeof(int);
        if (LibZmq.zmq_getsockopt(Handle, (int)option, &value, &length) != 0)
        {
            throw ZmqException.FromLastError($"zmq_getsockopt({option})");
        }
        return value;
    }

    public string GetStringOption(ZmqSocketOption option)
    {
        var buffer = stackalloc byte[512];
        nuint length = 512;
        if (LibZmq.zmq_getsockopt(Handle, (int)option, buffer, &length) != 0)
        {
            throw ZmqException.FromLastError($"zmq_getsockopt({option})");
        }
        var span = new ReadOnlySpan<byte>(buffer, (int)length);
        return Encoding.UTF8.GetString(span.IndexOf((byte)0) is var nul and >= 0 ? span[..nul] : span);
    }

    /// <summary>Sends one frame; false when <paramref name="flags"/> has DontWait and the frame could not be queued.</summary>
    /// <exception cref="ZmqException">On any other failure, including ETERM.</exception>
    public bool TrySend(ReadOnlySpan<byte> frame, ZmqSendFlags flags = ZmqSendFlags.None)
    {
        fixed (byte* pointer = frame)
        {
            while (true)
            {
                if (LibZmq.zmq_send(Handle, pointer, (nuint)frame.Length, (int)flags) >= 0)
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
                throw new ZmqException("zmq_send", error);
            }
        }
    }

    /// <summary>Sends one frame, blocking until queued (subject to SNDTIMEO).</summary>
    public void Send(ReadOnlySpan<byte> frame, ZmqSendFlags flags = ZmqSendFlags.None)
    {
        if (!TrySend(frame, flags))
        {
            throw new ZmqException("zmq_send", ZmqErrors.EAGAIN);
        }
    }

    /// <summary>Sends a UTF-8 string frame.</summary>
    public void Send(string text, ZmqSendFlags flags = ZmqSendFlags.None) => Send(Encoding.UTF8.GetBytes(text), flags);

    /// <summary>Starts a socket monitor on an inproc endpoint (a PAIR peer connects to read events).</summary>
    public void Monitor(string endpoint, int events)
    {
        if (LibZmq.zmq_socket_monitor(Handle, endpoint, events) != 0)
        {
            throw ZmqException.FromLastError("zmq_socket_monitor");
        }
    }

    /// <summary>Closes the socket; call on the owning thread.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            LibZmq.zmq_close(handle);
        }
    }
}
