using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests.Bench;

public sealed class PipelineWaitsTests
{
    private const string Before = """
        ledger_fsync_latency_milliseconds_sum 500
        # TYPE ledger_pipeline_wait_seconds_total counter
        ledger_pipeline_wait_seconds_total{thread="receive",on="process"} 1
        ledger_pipeline_wait_seconds_total{thread="process",on="receive"} 10
        ledger_pipeline_wait_seconds_total{thread="process",on="enrich"} 0
        ledger_pipeline_wait_seconds_total{thread="process",on="journal"} 0.5
        ledger_pipeline_wait_seconds_total{thread="journal",on="process"} 12
        """;

    private const string After = """
        ledger_fsync_latency_milliseconds_sum 2500
        # TYPE ledger_pipeline_wait_seconds_total counter
        ledger_pipeline_wait_seconds_total{thread="receive",on="process"} 4.6
        ledger_pipeline_wait_seconds_total{thread="process",on="receive"} 10.2
        ledger_pipeline_wait_seconds_total{thread="process",on="enrich"} 0.4
        ledger_pipeline_wait_seconds_total{thread="process",on="journal"} 0.9
        ledger_pipeline_wait_seconds_total{thread="journal",on="process"} 13
        """;

    [Fact]
    public void Shares_TwoSnapshots_EachWaitAsAShareOfTheSeconds()
    {
        var shares = PipelineWaits.Shares(Before, After, seconds: 4);

        Assert.Equal(0.5, shares[PipelineWaits.JournalBusy], 9);
        Assert.Equal(0.9, shares["receive on process"], 9);
        Assert.Equal(0.05, shares["process on receive"], 9);
        Assert.Equal(0.1, shares["process on enrich"], 9);
        Assert.Equal(0.1, shares["process on journal"], 9);
        Assert.Equal(0.25, shares["journal on process"], 9);
    }

    [Fact]
    public void Shares_DaemonWithoutWaitMetrics_OnlyTheJournalsBusyShare()
    {
        var shares = PipelineWaits.Shares("ledger_fsync_latency_milliseconds_sum 0", "ledger_fsync_latency_milliseconds_sum 1000", seconds: 2);

        Assert.Equal([PipelineWaits.JournalBusy], shares.Keys);
        Assert.Equal(0.5, shares[PipelineWaits.JournalBusy], 9);
    }

    [Fact]
    public void Shares_ZeroSeconds_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PipelineWaits.Shares(Before, After, seconds: 0));
    }
}
