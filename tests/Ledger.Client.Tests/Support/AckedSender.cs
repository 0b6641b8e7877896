using System.Collections.Concurrent;

namespace Ledger.Client.Tests.Support;

/// <summary>Sends many messages through one <see cref="LedgerClient"/> with a bounded number in flight.</summary>
internal static class AckedSender
{
    public static async Task<ConcurrentDictionary<string, LedgerAck>> SendAllAsync(LedgerClient client, IEnumerable<LedgerMessage> messages, int concurrency)
    {
        var acks = new ConcurrentDictionary<string, LedgerAck>(StringComparer.Ordinal);
        using var slots = new SemaphoreSlim(concurrency);
        var tasks = new List<Task>();
        foreach (var message in messages)
        {
            await slots.WaitAsync();
            tasks.Add(SendOneAsync(message));
        }
        await Task.WhenAll(tasks);
        return acks;

        async Task SendOneAsync(LedgerMessage message)
        {
            try
            {
                var ack = await client.SendAsync(message);
                Assert.Equal(message.Id, ack.Id);
                Assert.True(acks.TryAdd(ack.Id, ack), $"second ack for {ack.Id}");
            }
            finally
            {
                slots.Release();
            }
        }
    }

    public static IEnumerable<LedgerMessage> Messages(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new LedgerMessage("dotnet-agent", $"{prefix} acked message {i}") { ContextId = prefix });
}
