using System.Text;
using System.Text.Json;
using Ledger.Core.Enrichment;
using Ledger.Core.Ingest;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Ingest;

public sealed class ProcessorWarmUpTests
{
    [Fact]
    public void ProcessOnce_WarmUpFrames_TakeEveryIngestPath()
    {
        var output = ProcessorWarmUp.ProcessOnce(new MessageDecoder(), new MetadataEnricher(RepoPaths.Rules));

        // Stored, refused and owed an ack: the paths the first real messages would otherwise compile.
        Assert.Equal(41, output.Persisted);
        Assert.Equal(1, output.Rejected);
        Assert.Equal(6, output.Acks.Count);
        var lines = Encoding.UTF8.GetString(output.JournalBytes.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(41, lines.Length);
        var messages = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Message").GetString()).ToHashSet();
        Assert.Contains(messages, m => m!.Any(c => c > 0x7F));
        Assert.Contains(messages, m => m!.Contains('"') && m.Contains('\n'));
        Assert.Contains(lines, l => l.Contains("\"priority\":\"high\"", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 41).Select(i => (long)i), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Sequence").GetInt64()));
        // The last batch held one message alone (the lone-message hashing path), owed an ack.
        Assert.Equal("ledger-warmup-40", ParsedAck.All(output.Acks)[^1].Id);
    }

    [Fact]
    public void Run_TwiceWithTheSameDecoderAndEnricher_LeavesNothingBehind()
    {
        // The processor, its Id window and output are its own: running again stores the same Ids anew, no duplicates.
        var decoder = new MessageDecoder();
        var enricher = new MetadataEnricher(RepoPaths.Rules);

        var first = ProcessorWarmUp.Run(decoder, enricher);
        var again = ProcessorWarmUp.ProcessOnce(decoder, enricher);

        Assert.True(first > TimeSpan.Zero);
        Assert.Equal(41, again.Persisted);
        Assert.Equal(0, again.Duplicates);
    }

    [Fact]
    public void Run_OnAThread_FillsThatThreadsWordMemo()
    {
        // The daemon's process thread runs the warm-up itself, so its per-thread memo is made (and its pages touched)
        // before the first message, not while that message's ack waits.
        var enricher = new MetadataEnricher(RepoPaths.Rules);
        var remembered = 0;
        var thread = new Thread(() =>
        {
            ProcessorWarmUp.Run(new MessageDecoder(), enricher);
            remembered = enricher.ThreadMemo.Count;
        });

        thread.Start();
        thread.Join();

        Assert.True(remembered > 20, $"the warm-up thread's memo holds {remembered} words");
        Assert.Equal(0, enricher.ThreadMemo.Count);
    }

    [Fact]
    public void ProcessOnce_WarmUpFrames_CarryShortAndLongClientMetadata()
    {
        var output = ProcessorWarmUp.ProcessOnce(new MessageDecoder(), new MetadataEnricher(RepoPaths.Rules));

        var lines = Encoding.UTF8.GetString(output.JournalBytes.WrittenSpan);
        Assert.Contains("\"priority\":\"high\"", lines, StringComparison.Ordinal);
        Assert.Contains("\"k\":\"v\"", lines, StringComparison.Ordinal);
    }
}
