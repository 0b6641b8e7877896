namespace Ledger.Client.Acked;

/// <summary>One acknowledged send in flight: its payload (resent unchanged on retry) and the caller's task.</summary>
internal sealed class PendingSend
{
    // Continuations must never run on the socket thread, which completes these.
    private readonly TaskCompletionSource<LedgerAck> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingSend(string id, byte[] payload)
    {
        Id = id;
        Payload = payload;
    }

    public string Id { get; }

    public byte[] Payload { get; }

    /// <summary>Attempts started so far (each gets one ack timeout); socket thread only.</summary>
    public int Attempts { get; set; }

    /// <summary>Waiting in the socket thread's backlog to be handed to libzmq; socket thread only.</summary>
    public bool InBacklog { get; set; }

    public CancellationTokenRegistration Cancellation { get; set; }

    public Task<LedgerAck> Task => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public bool TryComplete(LedgerAck ack) => _completion.TrySetResult(ack);

    public bool TryFail(Exception exception) => _completion.TrySetException(exception);

    public bool TryCancel(CancellationToken token) => _completion.TrySetCanceled(token);
}
