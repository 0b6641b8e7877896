using System.Diagnostics;
using Ledger.Analytics.Tests.Support;
using Ledger.Core.Records;
using Xunit.Abstractions;

namespace Ledger.Analytics.Tests;

/// <summary>The 1,000,000-message report: time and memory targets (opt-in, LEDGER_LONG_TESTS=1).</summary>
public sealed class AnalyticsEngineLongTests(ITestOutputHelper output) : IDisposable
{
    private const int MessageCount = 1_000_000;
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    /// <summary>Writes 1M records: 20 speakers, 500 contexts, one message every 2 s, 10% drawn from 100 repeated texts, half in a segment.</summary>
    internal static void Generate(TempDataDirectory data, int count)
    {
        string[] domains = ["system_architecture", "ui_ux", "agent_collaboration", "testing_validation", "deployment_ops", "other"];
        string[] tiers = ["A", "C", "E"];
        IEnumerable<LedgerRecord> Records(int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                var text = i % 10 == 0 ? $"status ping {i % 1000}" : $"message {i} about the lease protocol and context windows";
                yield return Some.Record(
                    speaker: $"agent_{i % 20:D2}",
                    at: Some.Base.AddSeconds(2.0 * i),
                    message: text,
                    context: $"ctx_{i / 7 % 500}",
                    receiver: i % 5 == 0 ? $"agent_{(i + 3) % 20:D2}" : null,
                    chain: domains[i % domains.Length],
                    tier: tiers[i % 3],
                    keywords: ["lease", $"kw{i % 300}"],
                    tags: Some.FullTags,
                    id: i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    sequence: i + 1);
            }
        }
        data.WriteSegment("20251201T100000Z_0001", Records(0, count / 2));
        data.AppendJournal(Records(count / 2, count));
    }

    [LongFact]
    public void Run_OneMillionMessages_UnderFiveSecondsWithBoundedMemory()
    {
        Generate(_data, MessageCount);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        long peakManaged = 0;
        var report = AnalyticsEngine.Run(_data.Path, new ReportOptions(), read => peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false)));
        stopwatch.Stop();
        var process = Process.GetCurrentProcess();
        output.WriteLine($"report over {MessageCount:N0} messages: {stopwatch.Elapsed.TotalSeconds:F2} s, " +
            $"managed heap before {before / 1048576.0:F1} MB, peak seen {peakManaged / 1048576.0:F1} MB, process peak working set {process.PeakWorkingSet64 / 1048576.0:F1} MB");

        Assert.Equal(MessageCount, report.Totals.Messages);
        Assert.Equal(20, report.Totals.Speakers);
        Assert.Equal(500, report.Totals.Contexts);
        Assert.Equal(MessageCount / 10 - 100, report.Totals.DuplicateContents); // "status ping N": 100k messages, 100 texts
        // No timed assertion (the time is printed above; ./manage.sh bench measures it): a shared machine is noisy.
        // Distinct contents (~901k) dominate the state: 8-byte keys in a HashSet, well under 100 MB of heap.
        Assert.True(peakManaged - before < 200L * 1024 * 1024, $"heap grew by {(peakManaged - before) / 1048576} MB");
    }
}
