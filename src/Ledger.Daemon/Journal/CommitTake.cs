namespace Ledger.Daemon.Journal;

/// <summary>What the writer's <see cref="CommitHandoff.Take"/> came back with.</summary>
internal enum CommitTake
{
    /// <summary>The oldest batch, now the writer's.</summary>
    Taken,

    /// <summary>A batch is offered but the commit pace is not due: the writer paces, and the batch stays reclaimable meanwhile.</summary>
    NotDue,

    /// <summary>Completed and empty: the writer is done.</summary>
    Completed,
}
