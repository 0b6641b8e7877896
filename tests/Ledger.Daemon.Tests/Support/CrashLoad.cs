using System.Collections.Concurrent;
using Ledger.Client;

namespace Ledger.Daemon.Tests.Support;

/// <summary>
/// One round of traffic for the crash suite: acked sends (many in flight, each awaited through its retries) and
/// fire-and-forget publishes, until <see cref="StopCreating"/>.
/// </summary>
/// <remarks>
/// Ids name their round and kind ("a3-…" acked, "f3-…" fire-and-forget) so a failure report says where a record came
/// from. Acks land in a dictionary shared across rounds, Id → acked Sequence, which the checker holds the directory to.
/// </remarks>
internal sealed class CrashLoad
{
    private static readonly string s_padding = new('x', 160);
    private readonly LedgerClient _client;
    private readonly LedgerPublisher _publisher;
    private readonly ConcurrentDictionary<string, long> _acked;
    private readonly int _round;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly List<Task> _tasks = [];
    private long _ackedSent;
    private long _duplicateAcks;
    private long _published;

    public CrashLoad(LedgerClient client, LedgerPublisher publisher, ConcurrentDictionary<string, long> acked, int round)
    {
        _client = client;
        _publisher = publisher;
        _acked = acked;
        _round = round;
    }

    public long AckedSent => Interlocked.Read(ref _ackedSent);

    public long DuplicateAcks => Interlocked.Read(ref _duplicateAcks);

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Acked sends that gave up (timeout after every attempt, or refused); each one is a finding.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Starts <paramref name="inFlight"/> acked senders and one publisher.</summary>
    /// <param name="publishEveryMs">Pause after every 20 publishes; 0 publishes as fast as back-pressure allows.</param>
    /// <param name="publishCap">Most fire-and-forget messages this round (keeps the history, and each check, bounded).</param>
    public void Start(int inFlight, int publishEveryMs, int publishCap)
    {
        for (var worker = 0; worker < inFlight; worker++)
        {
            var w = worker;
            _tasks.Add(Task.Run(() => SendAckedAsync(w)));
        }
        _tasks.Add(Task.Run(() => PublishAsync(publishEveryMs, publishCap)));
    }

    /// <summary>No new messages from now on; sends already started keep retrying until acked.</summary>
    public void StopCreating() => _stop.Cancel();

    /// <summary>Completes when every acked send has settled and the publisher loop has ended.</summary>
    public Task CompleteAsync() => Task.WhenAll(_tasks);

    private async Task SendAckedAsync(int worker)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var message = new LedgerMessage($"agent-{worker % 8}", $"round {_round} worker {worker} message {n} {s_padding}")
            {
                Id = $"a{_round}-{worker}-{n}",
                ContextId = $"crash-{_round}",
            };
            Interlocked.Increment(ref _ackedSent);
            try
            {
                // No cancellation token on purpose: a send already on the wire must run to its ack so the suite
                // knows whether it was stored; retries reuse the Id, so the daemon must not store it twice.
                var ack = await _client.SendAsync(message);
                _acked[message.Id] = ack.Sequence;
                if (ack.Status == LedgerAckStatus.Duplicate)
                {
                    Interlocked.Increment(ref _duplicateAcks);
                }
            }
            catch (LedgerTimeoutException ex)
            {
                _failures.Enqueue($"{message.Id}: {ex.Message}");
            }
            catch (LedgerRejectedException ex)
            {
                _failures.Enqueue($"{message.Id}: rejected: {ex.Message}");
            }
        }
    }

    private async Task PublishAsync(int publishEveryMs, int publishCap)
    {
        for (var n = 0; n < publishCap && !_stop.IsCancellationRequested; n++)
        {
            var message = new LedgerMessage("publisher", $"round {_round} fire-and-forget {n} {s_padding}")
            {
                Id = $"f{_round}-{n}",
                ContextId = $"crash-{_round}",
            };
            try
            {
                await _publisher.PublishAsync(message, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return; // the queue was full while the daemon was down; this one was never buffered
            }
            Interlocked.Increment(ref _published);
            if (publishEveryMs > 0 && n % 20 == 19)
            {
                await Task.Delay(publishEveryMs);
            }
        }
    }
}
