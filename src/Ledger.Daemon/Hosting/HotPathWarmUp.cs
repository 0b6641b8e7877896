using System.Diagnostics;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Daemon.Ingest;
using Ledger.Daemon.Journal;
using Ledger.Zmq;

namespace Ledger.Daemon.Hosting;

/// <summary>Compiles the daemon's receive, hand-off, journal and ack methods before the first message needs them.</summary>
/// <remarks>
/// With <see cref="ProcessorWarmUp"/> alone the first ack after a start still took 21–44 ms: about thirty methods on
/// its way (reading a ROUTER frame, the hand-offs, the journal append and fsync, the counters, the ack's JSON and its
/// wake-up) were compiled when it passed. These types hold them; every method they declare is compiled, which is
/// more than the first ack needs and spares keeping a list of method names in step with the code. Left out: the
/// journal file's append and fsync, interface methods that cannot be compiled this way (see
/// <see cref="MethodPrecompiler"/>): the journal thread calls them once before its first commit instead
/// (<see cref="JournalWriter.SyncOpenFiles"/>), and Ledger.Zmq's socket types, whose compiling loads libzmq, which may be before the ingest service has
/// installed the resolver that finds it (this runs on the process thread, beside start-up): those are
/// <see cref="SocketTypes"/>, compiled by the receive thread.
/// </remarks>
internal static class HotPathWarmUp
{
    /// <summary>The types whose methods a message and its ack pass through, outside the processing stage.</summary>
    internal static readonly Type[] Types =
    [
        typeof(ReceiveLoop),
        typeof(IngestService),
        typeof(AckFrames),
        typeof(IngestCounters),
        typeof(Histogram),
        typeof(BatchHandoff<InboundBatch>),
        typeof(CommitHandoff),
        typeof(JournalPipeline),
        typeof(CommitLoop),
        typeof(ProcessingLoop),
        typeof(JournalWriter),
        typeof(CommitBatch),
        typeof(InboundBatch),
        typeof(WaitClock),
    ];

    /// <summary>
    /// Ledger.Zmq's types that a first message and its ack pass through (reading a frame's bytes, the ack's
    /// wake-up): compiled by the receive thread once its sockets exist, when libzmq is surely loaded.
    /// </summary>
    /// <remarks>They were ~2 ms of a first ack's 5–6 ms once the rest had been warmed (nineteenth session).</remarks>
    internal static readonly Type[] SocketTypes =
    [
        typeof(ZmqFrame),
        typeof(WakeSignal),
    ];

    /// <summary>Compiles <see cref="Types"/>; returns how many methods and how long it took.</summary>
    public static (int Methods, TimeSpan Elapsed) Run() => Compile(Types);

    /// <summary>Compiles <see cref="SocketTypes"/>; call once libzmq is loaded (a socket exists).</summary>
    public static (int Methods, TimeSpan Elapsed) RunSockets() => Compile(SocketTypes);

    private static (int Methods, TimeSpan Elapsed) Compile(Type[] types)
    {
        var stopwatch = Stopwatch.StartNew();
        var methods = MethodPrecompiler.PrepareDeclaredMethods(types);
        return (methods, stopwatch.Elapsed);
    }
}
