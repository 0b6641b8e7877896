using System.Diagnostics;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Daemon.Ingest;
using Ledger.Daemon.Journal;

namespace Ledger.Daemon.Hosting;

/// <summary>Compiles the daemon's receive, hand-off, journal and ack methods before the first message needs them.</summary>
/// <remarks>
/// With <see cref="ProcessorWarmUp"/> alone the first ack after a start still took 21–44 ms: about thirty methods on
/// its way (reading a ROUTER frame, the hand-offs, the journal append and fsync, the counters, the ack's JSON and its
/// wake-up) were compiled when it passed. These types hold them; every method they declare is compiled, which is
/// more than the first ack needs and spares keeping a list of method names in step with the code. Left out: the
/// journal file's append and fsync, interface methods that cannot be compiled this way (see
/// <see cref="MethodPrecompiler"/>), and Ledger.Zmq's socket types, whose compiling loads libzmq, which may be before
/// the ingest service has installed the resolver that finds it (this runs on the process thread, beside start-up).
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
        typeof(JournalWriter),
        typeof(CommitBatch),
        typeof(InboundBatch),
    ];

    /// <summary>Compiles them; returns how many methods and how long it took.</summary>
    public static (int Methods, TimeSpan Elapsed) Run()
    {
        var stopwatch = Stopwatch.StartNew();
        var methods = MethodPrecompiler.PrepareDeclaredMethods(Types);
        return (methods, stopwatch.Elapsed);
    }
}
