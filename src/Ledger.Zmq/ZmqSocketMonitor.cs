using System.Buffers.Binary;
using System.Text;

namespace Ledger.Zmq;

/// <summary>
/// Watches a socket's connection and handshake events on a thread of its own and counts them, e.g. to see CURVE
/// handshakes refused by ZAP, which otherwise look to both sides like a peer that is simply not there.
/// </summary>
public sealed class ZmqSocketMonitor : IDisposable
{
    private const int PollIntervalMs = 100;
    private static int s_next;
    private readonly ZmqContext _context;
    private readonly string _endpoint;
    private readonly Action<ZmqMonitorEvent>? _onEvent;
    private readonly long[] _counts = new long[16];
    private readonly Thread _thread;
    private volatile bool _stopping;

    private ZmqSocketMonitor(ZmqContext context, string endpoint, Action<ZmqMonitorEvent>? onEvent)
    {
        _context = context;
        _endpoint = endpoint;
        _onEvent = onEvent;
        _thread = new Thread(Run) { IsBackground = true, Name = "ledger-zmq-monitor" };
    }

    /// <summary>
    /// Starts monitoring <paramref name="socket"/>; call on the thread that owns it. <paramref name="onEvent"/> runs on
    /// the monitor's thread.
    /// </summary>
    public static ZmqSocketMonitor Start(ZmqContext context, ZmqSocket socket, ZmqMonitorEvents events = ZmqMonitorEvents.All, Action<ZmqMonitorEvent>? onEvent = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(socket);
        var endpoint = $"inproc://ledger-monitor-{Environment.ProcessId}-{Interlocked.Increment(ref s_next)}";
        socket.Monitor(endpoint, (int)events);
        var monitor = new ZmqSocketMonitor(context, endpoint, onEvent);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor._thread.Start(ready);
        ready.Task.GetAwaiter().GetResult();
        return monitor;
    }

    /// <summary>How many events of one kind were seen so far.</summary>
    public long Count(ZmqMonitorEvents kind)
    {
        var bit = System.Numerics.BitOperations.Log2((uint)kind);
        if (kind == ZmqMonitorEvents.None || (int)kind != 1 << bit || bit >= _counts.Length)
        {
            throw new ArgumentException("pass exactly one event kind", nameof(kind));
        }
        return Interlocked.Read(ref _counts[bit]);
    }

    /// <summary>Stops the monitor thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private void Run(object? state)
    {
        var ready = (TaskCompletionSource)state!;
        ZmqSocket? pair = null;
        try
        {
            pair = _context.CreateSocket(ZmqSocketType.Pair);
            pair.Connect(_endpoint);
            ready.SetResult();
            using var poller = new ZmqPoller();
            using var frame = new ZmqFrame();
            poller.Add(pair);
            while (!_stopping)
            {
                if (poller.Poll(PollIntervalMs) == 0)
                {
                    continue;
                }
                while (frame.TryReceive(pair, dontWait: true))
                {
                    // Frame 1: uint16 event + int32 value (little-endian); frame 2: the endpoint.
                    var head = frame.Data;
                    var kind = head.Length >= 6 ? BinaryPrimitives.ReadUInt16LittleEndian(head) : 0;
                    var value = head.Length >= 6 ? BinaryPrimitives.ReadInt32LittleEndian(head[2..]) : 0;
                    var endpoint = "";
                    if (frame.More && frame.TryReceive(pair, dontWait: false))
                    {
                        endpoint = Encoding.UTF8.GetString(frame.Data);
                    }
                    Record((ZmqMonitorEvents)kind, value, endpoint);
                }
            }
        }
        catch (ZmqException ex) when (ex.IsContextTerminated)
        {
            // Context shutdown ends monitoring.
        }
        catch (Exception ex)
        {
            if (!ready.TrySetException(ex))
            {
                throw;
            }
        }
        finally
        {
            pair?.Dispose();
        }
    }

    private void Record(ZmqMonitorEvents kind, int value, string endpoint)
    {
        if (kind != ZmqMonitorEvents.None && ((int)kind & ((int)kind - 1)) == 0)
        {
            var bit = System.Numerics.BitOperations.Log2((uint)kind);
            if (bit < _counts.Length)
            {
                Interlocked.Increment(ref _counts[bit]);
            }
        }
        _onEvent?.Invoke(new ZmqMonitorEvent(kind, value, endpoint));
    }
}
