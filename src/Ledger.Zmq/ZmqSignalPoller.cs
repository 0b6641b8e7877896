using System.Diagnostics;
using System.Runtime.InteropServices;
using Ledger.Zmq.Native;
using static Ledger.Zmq.Native.PollNative;

namespace Ledger.Zmq;

/// <summary>
/// Waits for any of a fixed set of sockets (and <see cref="WakeSignal"/>s) to be signalled, for the one thread that
/// owns them and drains each socket it is told about until a receive fails with EAGAIN. On Unix it blocks in poll(2)
/// on the sockets' ZMQ_FD descriptors; on Windows it falls back to zmq_poll.
/// </summary>
/// <remarks>
/// <para>
/// Why not zmq_poll: it asks every socket for ZMQ_EVENTS before it blocks and again after it wakes, and each question
/// to an idle socket is two syscalls (libzmq's fork check, getpid, and a poll of the socket's command mailbox). With
/// the daemon's three or four sockets a wake-up cost ~20 syscalls, ~1.1 µs each on this VM (<c>perf bench syscall</c>):
/// at 20,000 msgs/s the receive thread made ~19,000 syscalls a second and used a fifth of a core. Here a wake-up costs
/// the poll(2) and what draining the signalled socket costs.
/// </para>
/// <para>
/// The contract (zmq_getsockopt(3), ZMQ_FD): the descriptor becomes readable when the socket's command mailbox gets
/// a command after it was last found empty, and a receive that fails with EAGAIN finds it empty (it processes the
/// pending commands first, which is also what turns a pipe's "activate read" into readable messages). A signal can
/// be consumed by any call on the socket, a send included. So, before each <see cref="Wait"/>, every socket must have
/// been drained to EAGAIN since the last call on it; a socket that was only sent on must be drained too. A readable
/// descriptor may mean nothing for the receiver (a connection's commands): the drain then simply finds EAGAIN.
/// Context shutdown reaches each socket as a command, so it signals, and the drain's receive fails with ETERM.
/// </para>
/// </remarks>
public sealed unsafe partial class ZmqSignalPoller : IDisposable
{
    private readonly List<PollFd> _descriptors = [];
    private int _count;
    private PollFd* _fds;
    private ZmqPoller? _fallback;

    /// <summary>Adds a socket; returns its index for <see cref="IsSignaled"/>.</summary>
    public int Add(ZmqSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (OperatingSystem.IsWindows())
        {
            _fallback ??= new ZmqPoller();
            _fallback.Add(socket);
            return _count++;
        }
        return AddDescriptor(socket.GetInt32Option(ZmqSocketOption.Fd));
    }

    /// <summary>
    /// Adds a wake-up signal; returns its index for <see cref="IsSignaled"/>. When it is signalled, call
    /// <see cref="WakeSignal.Reset"/> before waiting again.
    /// </summary>
    public int Add(WakeSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        // An eventfd is readable until it is reset, like a socket's ZMQ_FD until the drain; the fallback is a socket.
        return signal.IsEventFd ? AddDescriptor(signal.Descriptor) : Add(signal.Receiver!);
    }

    private int AddDescriptor(int descriptor)
    {
        _descriptors.Add(new PollFd { Fd = descriptor, Events = PollNative.PollIn });
        if (_fds != null)
        {
            NativeMemory.Free(_fds);
        }
        _fds = (PollFd*)NativeMemory.Alloc((nuint)(_descriptors.Count * sizeof(PollFd)));
        CollectionsMarshal.AsSpan(_descriptors).CopyTo(new Span<PollFd>(_fds, _descriptors.Count));
        return _count++;
    }

    /// <summary>
    /// Blocks until a socket is signalled or <paramref name="timeoutMs"/> passes (-1 = forever); returns how many are
    /// signalled (0: the time passed). A signal handler's EINTR does not end the wait early.
    /// </summary>
    public int Wait(int timeoutMs)
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("no sockets to wait for");
        }
        if (_fallback is not null)
        {
            return _fallback.Poll(timeoutMs);
        }
        var deadline = timeoutMs > 0 ? Environment.TickCount64 + timeoutMs : 0;
        while (true)
        {
            var ready = PollNative.Poll(_fds, (nuint)_descriptors.Count, timeoutMs);
            if (ready >= 0)
            {
                return ready;
            }
            var error = Marshal.GetLastPInvokeError();
            if (error != ZmqErrors.EINTR)
            {
                throw new IOException($"poll(2) on the sockets' ZMQ_FD failed: errno {error}");
            }
            if (timeoutMs > 0)
            {
                timeoutMs = (int)Math.Max(0, deadline - Environment.TickCount64);
            }
        }
    }

    /// <summary>
    /// Blocks until one of the <paramref name="entries"/> (a range of indices) is signalled or
    /// <paramref name="timeout"/> passes (to the microsecond on Linux); the other entries are not watched meanwhile and
    /// count as not signalled afterwards. True when one of the entries was signalled. A signal handler's EINTR does
    /// not end the wait early.
    /// </summary>
    /// <remarks>
    /// For pacing: a thread that lets some sockets' messages gather for a while still wakes at once for the others
    /// (its <see cref="WakeSignal"/>, a socket whose peers wait for replies). On Windows the fallback watches every
    /// entry, so any message may end the wait early.
    /// </remarks>
    public bool WaitFor(Range entries, TimeSpan timeout)
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("no sockets to wait for");
        }
        var (first, length) = entries.GetOffsetAndLength(_count);
        if (_fallback is not null)
        {
            _fallback.Poll((int)Math.Ceiling(timeout.TotalMilliseconds));
            for (var i = first; i < first + length; i++)
            {
                if (_fallback.IsReadable(i))
                {
                    return true;
                }
            }
            return false;
        }
        for (var i = 0; i < _count; i++)
        {
            _fds[i].ReturnedEvents = 0;
        }
        var end = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end).Ticks));
            var wait = TimeSpec.From(left);
            // ppoll(2) is Linux's (and the BSDs'); elsewhere poll(2), whose milliseconds are rounded up.
            var ready = OperatingSystem.IsLinux()
                ? PollNative.PPoll(_fds + first, (nuint)length, &wait, null)
                : PollNative.Poll(_fds + first, (nuint)length, (int)Math.Ceiling(left.TotalMilliseconds));
            if (ready >= 0)
            {
                return ready > 0;
            }
            var error = Marshal.GetLastPInvokeError();
            if (error != ZmqErrors.EINTR)
            {
                throw new IOException($"ppoll(2) on the sockets' ZMQ_FD failed: errno {error}");
            }
        }
    }

    /// <summary>True when the socket at <paramref name="index"/> was signalled at the last <see cref="Wait"/>: drain it.</summary>
    public bool IsSignaled(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        if (_fallback is not null)
        {
            return _fallback.IsReadable(index);
        }
        // POLLERR/POLLHUP on an eventfd would be a libzmq fault; reporting them as signalled makes the drain find it.
        return _fds[index].ReturnedEvents != 0;
    }

    public void Dispose()
    {
        _fallback?.Dispose();
        if (_fds != null)
        {
            NativeMemory.Free(_fds);
            _fds = null;
        }
    }
}
