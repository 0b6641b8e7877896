using System.Diagnostics;
using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Client.Tests.EndToEnd;

/// <summary>The fire-and-forget path against a real daemon process.</summary>
public sealed class PublisherEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TryPublish_ThousandThenDispose_AllJournaled()
    {
        await using var daemon = await DaemonProcess.StartAsync(_temp.Combine("data"));
        var messages = Enumerable.Range(0, 1_000)
            .Select(i => new LedgerMessage("publisher", $"published {i}") { ContextId = "publisher-test", MessageType = "status", Metadata = new Dictionary<string, object?> { ["n"] = i, ["tags"] = new[] { "a", "b" } } })
            .ToList();
        using (var publisher = new LedgerPublisher(new LedgerPublisherOptions { Endpoint = daemon.PullEndpoint }))
        {
            Assert.All(messages, m => Assert.True(publisher.TryPublish(m)));
        }

        await daemon.WaitForSequenceAsync(1_000, TimeSpan.FromSeconds(30));
        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(messages.Select(m => m.Id), records.Select(r => r.Id)); // one PUSH connection keeps order
        Assert.Equal("published 999", records[^1].Message);
        Assert.All(records, r => Assert.Equal("publisher-test", r.ContextId));
    }

    [Fact]
    public async Task TryPublish_BeforeDaemonListens_DeliveredOnceItStarts()
    {
        var port = FreePort.Next();
        using (var publisher = new LedgerPublisher(new LedgerPublisherOptions { Endpoint = $"tcp://127.0.0.1:{port}", Linger = TimeSpan.FromSeconds(20) }))
        {
            Assert.True(publisher.TryPublish(new LedgerMessage("early", "sent before the daemon was up") { Id = "early-1" }));
            await using var daemon = await DaemonProcess.StartAsync(_temp.Combine("data"), $"--Ledger:Ingest:PullEndpoint=tcp://127.0.0.1:{port}");
            await daemon.WaitForSequenceAsync(1, TimeSpan.FromSeconds(30));
            Assert.Equal("early-1", Assert.Single(JournalReader.ReadFile(daemon.JournalPath)).Id);
        }
    }

    [Fact]
    public void Dispose_DaemonUnreachable_ReturnsAfterLinger()
    {
        var publisher = new LedgerPublisher(new LedgerPublisherOptions { Endpoint = $"tcp://127.0.0.1:{FreePort.Next()}", Linger = TimeSpan.FromMilliseconds(300) });
        for (var i = 0; i < 100; i++)
        {
            Assert.True(publisher.TryPublish(new LedgerMessage("nobody", $"lost {i}")));
        }

        var watch = Stopwatch.StartNew();
        publisher.Dispose();

        Assert.InRange(watch.ElapsedMilliseconds, 0, 3_000);
        Assert.False(publisher.TryPublish(new LedgerMessage("late", "after dispose")));
    }

    [Fact]
    public void TryPublish_QueueFull_ReturnsFalse()
    {
        // QueueCapacity 1 and a flood: the background thread cannot keep the queue empty between two calls forever.
        using var publisher = new LedgerPublisher(new LedgerPublisherOptions { Endpoint = $"tcp://127.0.0.1:{FreePort.Next()}", QueueCapacity = 1, Linger = TimeSpan.Zero });
        var refused = 0;
        for (var i = 0; i < 100_000 && refused == 0; i++)
        {
            refused += publisher.TryPublish(new LedgerMessage("flood", "x")) ? 0 : 1;
        }
        Assert.Equal(1, refused);
    }
}
