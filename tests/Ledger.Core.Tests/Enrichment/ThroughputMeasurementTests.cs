using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;
using Xunit.Abstractions;

namespace Ledger.Core.Tests.Enrichment;

/// <summary>Reports decode and enrich throughput on ~400-byte messages (no timed assertion: CI machines vary).</summary>
/// <remarks>See the numbers with: dotnet test tests/Ledger.Core.Tests --filter ThroughputMeasurement --logger "console;verbosity=detailed".</remarks>
[Collection(Name)]
public sealed class ThroughputMeasurementTests(ITestOutputHelper output)
{
    /// <summary>A collection with parallelization disabled: xunit runs it alone, after the parallel tests.</summary>
    public const string Name = "Throughput measurement";

    private static readonly string[] Sentences =
    [
        "The lease service should sit behind an interface so each module talks to the broker through an adapter.",
        "Unit tests pass locally but the integration suite is flaky and two snapshot assertions failed twice.",
        "Deployed v2.3 to staging; the canary rollout to production starts tonight after the CI pipeline is green.",
        "Found the root cause of the hang: a deadlock between the receive thread and the journal lock.",
        "Benchmark: batching cut p99 latency from 40 ms to 6 ms and throughput doubled on two cores.",
        "Could you review my handoff notes? Claude will pick up the parser subtask once we agree on the split.",
    ];

    [Fact]
    public void EnrichAndDecode_FourHundredByteMessages_ReportThroughput()
    {
        var messages = Enumerable.Range(0, 64).Select(Message).ToArray();
        Assert.All(messages, m => Assert.InRange(Encoding.UTF8.GetByteCount(m), 380, 420));
        var frames = messages.Select(m => Encoding.UTF8.GetBytes(
            $$$"""{"Id":"{{{Guid.NewGuid()}}}","Timestamp":"2025-12-01T17:09:21.123Z","SpeakerName":"claude_code","SpeakerRole":"Agent","Message":"{{{m}}}","ConversationType":0,"ContextId":"context_xyz","Metadata":{"priority":"high","attempt":3}}""")).ToArray();
        var enricher = new MetadataEnricher(RepoPaths.Rules);
        var decoder = new MessageDecoder();
        var expected = messages.Select(m => enricher.Enrich(m, null).ContentHash).ToArray();

        var mismatches = 0;
        var enrich = Measure(messages.Length, i => mismatches += enricher.Enrich(messages[i], null).ContentHash == expected[i] ? 0 : 1);
        var decode = Measure(frames.Length, i => mismatches += decoder.TryDecode(frames[i], Decode.Context(), out _, out _) ? 0 : 1);
        var both = Measure(frames.Length, i =>
        {
            if (decoder.TryDecode(frames[i], Decode.Context(), out var record, out _))
            {
                record.Metadata = enricher.Enrich(record);
            }
            else
            {
                mismatches++;
            }
        });

        Assert.Equal(0, mismatches);
        output.WriteLine($"one thread, {frames[0].Length} B frames, {messages[0].Length} char messages, load average {LoadAverage()}");
        output.WriteLine("enrich:        " + enrich);
        output.WriteLine("decode:        " + decode);
        output.WriteLine("decode+enrich: " + both);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string Message(int seed)
    {
        var builder = new StringBuilder();
        for (var i = seed; builder.Length < 400; i++)
        {
            builder.Append(Sentences[i % Sentences.Length]).Append(' ');
        }
        return builder.ToString(0, 400).TrimEnd();
    }

    /// <summary>Rate per wall second and per CPU second of this process (the latter is fairer on a shared machine).</summary>
    private static string Measure(int count, Action<int> action)
    {
        // Time-based warm-up: on a loaded machine the background tier-1 JIT needs wall time, not a fixed call count,
        // and tier-0 code allocates (boxing) and runs several times slower.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.ElapsedMilliseconds < 1500; i++)
        {
            action(i % count);
        }
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var done = 0;
        while (stopwatch.ElapsedMilliseconds < 500)
        {
            for (var i = 0; i < 1000; i++, done++)
            {
                action(done % count);
            }
        }
        var wall = stopwatch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / done;
        return string.Create(CultureInfo.InvariantCulture,
            $"{done / wall,10:N0} msg/s wall, {done / cpu,10:N0} msg/s per CPU second, {bytes:N0} B allocated/msg");
    }
}
