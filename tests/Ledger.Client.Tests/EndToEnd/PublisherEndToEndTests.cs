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
}
