namespace Ledger.Daemon.Journal;

/// <summary>Starts the journal pipeline (lock + recovery + threads) before any socket is opened.</summary>
/// <remarks>Registered before the ingest service: hosted services start in order and stop in reverse.</remarks>
internal sealed class JournalPipelineService(JournalPipeline pipeline) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        pipeline.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => pipeline.DrainAsync(cancellationToken);
}
