namespace Ledger.Daemon.Hosting;

/// <summary>A place where one pipeline thread blocks on its neighbour; the time spent in each says which stage limits ingest.</summary>
/// <remarks>
/// Under full load the slowest stage never waits and the others wait on it: the receive thread blocked on
/// back-pressure means processing is the limit, the process thread waiting on the journal means the disk is.
/// /metrics exposes them as <c>ledger_pipeline_wait_seconds_total{thread,on}</c> (docs/OPERATIONS.md).
/// </remarks>
internal enum PipelineWait
{
    /// <summary>The receive thread handing a batch to a full pipeline (back-pressure).</summary>
    ReceiveOnProcess,

    /// <summary>The process thread with no input.</summary>
    ProcessOnReceive,

    /// <summary>The process thread waiting for the journal writer to take a full commit (the disk is behind).</summary>
    ProcessOnJournal,

    /// <summary>The journal writer with no commit to write.</summary>
    JournalOnProcess,
}
