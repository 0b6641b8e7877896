namespace Ledger.Daemon.Journal;

/// <summary>What <see cref="CommitLoop.TryCommitHere"/> did with a batch.</summary>
internal enum CommitHereOutcome
{
    /// <summary>Durable and published (acks delivered) on the calling thread.</summary>
    Committed,

    /// <summary>Not yet: the commit pace is not due. The caller keeps the batch and tries again when it is.</summary>
    NotYetDue,

    /// <summary>Not here: the batch is unchanged and goes to the journal thread.</summary>
    LeftToWriter,
}
