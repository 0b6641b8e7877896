using System.Runtime.InteropServices;

namespace Ledger.Zmq.Native;

/// <summary>The libzmq 4.3 C API, bound with source-generated P/Invoke (see shared/reference/libzmq-binding.md §1).</summary>
/// <remarks>
/// errno is read with <see cref="Marshal.GetLastPInvokeError"/> (SetLastError = true): calling zmq_errno() in a second
/// P/Invoke can see errno clobbered by the runtime in between.
/// The three zmq_msg accessors (data, size, more) read fields of the message and return: no lock, no syscall, no
/// callback, so they skip the GC transition (<see cref="SuppressGCTransitionAttribute"/>); the receive thread calls
/// them four times per message.
/// </remarks>
internal static unsafe partial class LibZmq
{
    public const string Name = "libzmq";

    [LibraryImport(Name)]
    public static partial void zmq_version(out int major, out int minor, out int patch);

    [LibraryImport(Name)]
    public static partial nint zmq_strerror(int errnum);

    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_has(string capability);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint zmq_ctx_new();

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_ctx_set(nint context, int option, int value);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_ctx_shutdown(nint context);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_ctx_term(nint context);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint zmq_socket(nint context, int type);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_close(nint socket);

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_bind(nint socket, string endpoint);

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_connect(nint socket, string endpoint);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_setsockopt(nint socket, int option, void* value, nuint length);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_getsockopt(nint socket, int option, void* value, nuint* length);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_send(nint socket, void* buffer, nuint length, int flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_msg_init(ZmqMsg* message);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_msg_recv(ZmqMsg* message, nint socket, int flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_msg_close(ZmqMsg* message);

    [LibraryImport(Name)]
    [SuppressGCTransition]
    public static partial void* zmq_msg_data(ZmqMsg* message);

    [LibraryImport(Name)]
    [SuppressGCTransition]
    public static partial nuint zmq_msg_size(ZmqMsg* message);

    [LibraryImport(Name)]
    [SuppressGCTransition]
    public static partial int zmq_msg_more(ZmqMsg* message);

    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint zmq_msg_gets(ZmqMsg* message, string property);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_poll(byte* items, int count, CLong timeoutMs);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_curve_keypair(byte* publicKey, byte* secretKey);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int zmq_curve_public(byte* publicKey, byte* secretKey);

    [LibraryImport(Name)]
    public static partial byte* zmq_z85_encode(byte* destination, byte* data, nuint size);

    [LibraryImport(Name)]
    public static partial byte* zmq_z85_decode(byte* destination, byte* text);

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_socket_monitor(nint socket, string? endpoint, int events);
}

/// <summary>zmq_msg_t: 64 opaque bytes, pointer aligned; never copied by value once initialised.</summary>
[System.Runtime.CompilerServices.InlineArray(8)]
internal struct ZmqMsg
{
    private ulong _element;
}

