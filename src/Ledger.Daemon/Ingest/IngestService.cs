using Ledger.Daemon.Hosting;
using Ledger.Daemon.Journal;
using Ledger.Daemon.Options;
using Ledger.Zmq;
using Microsoft.Extensions.Options;

namespace Ledger.Daemon.Ingest;

/// <summary>Hosts the receive thread; stopping it shuts the ZeroMQ context down, which wakes the thread with ETERM.</summary>
internal sealed partial class IngestService : IHostedService, IDisposable
{
    private readonly IngestOptions _options;
    private readonly JournalPipeline _pipeline;
    private readonly IngestCounters _counters;
    private readonly FatalErrorSignal _fatal;
    private readonly ILogger<IngestService> _logger;
    private readonly ZmqContext _context = new();
    private readonly CurveOptions _curveOptions;
    private CurveServer? _curve;
    private ReceiveLoop? _loop;
    private Thread? _thread;

    public IngestService(IOptions<IngestOptions> options, IOptions<CurveOptions> curve, JournalPipeline pipeline, IngestCounters counters, FatalErrorSignal fatal, ILogger<IngestService> logger)
    {
        _options = options.Value;
        _curveOptions = curve.Value;
        _pipeline = pipeline;
        _counters = counters;
        _fatal = fatal;
        _logger = logger;
    }

    /// <summary>The bound PULL endpoint (port filled in), once started.</summary>
    public string? PullEndpoint => _loop?.BoundPullEndpoint;

    /// <summary>The bound ROUTER endpoint, once started.</summary>
    public string? AckEndpoint => _loop?.BoundAckEndpoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // ZAP first: a CURVE server socket must never be reachable before its handler runs.
        _curve = CurveServer.StartIfEnabled(_context, _curveOptions, _counters, _logger);
        _loop = new ReceiveLoop(_context, _options, _counters, _pipeline.RentInbound, batch =>
        {
            // Blocking hand-over is the back-pressure: a full pipeline stops this thread reading its sockets.
            if (!_pipeline.Submit(batch))
            {
                throw new InvalidOperationException("the journal pipeline stopped accepting messages");
            }
        }, _pipeline.CommitHeld, () => _pipeline.WarmUpSubmitter(), _curve);
        _pipeline.AckSink = _loop.EnqueueAcks;
        _thread = new Thread(() =>
        {
            try
            {
                _loop.Run();
            }
            catch (Exception ex)
            {
                LogReceiveFailed(ex);
                _fatal.Raise(ex);
            }
        })
        { Name = "ledger-receive", IsBackground = true };
        _thread.Start();
        await _loop.Ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        LogListening(_loop.BoundPullEndpoint!, string.Join(", ", _options.EffectiveSubEndpoints), _loop.BoundAckEndpoint ?? "(disabled)");
    }

    /// <summary>Stops reading: the thread hands over its last partial batch, then the journal service drains it.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _context.Shutdown();
        _thread?.Join();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _curve?.Dispose();
        _context.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening: PULL {Pull}, SUB → {Sub}, ROUTER (acked) {Ack}")]
    private partial void LogListening(string pull, string sub, string ack);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The receive thread failed")]
    private partial void LogReceiveFailed(Exception ex);
}
