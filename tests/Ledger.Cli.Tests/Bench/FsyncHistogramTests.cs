using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests.Bench;

public sealed class FsyncHistogramTests
{
    private const string Before = """
        # TYPE ledger_fsync_latency_milliseconds histogram
        ledger_fsync_latency_milliseconds_bucket{le="0.5"} 10
        ledger_fsync_latency_milliseconds_bucket{le="1"} 10
        ledger_fsync_latency_milliseconds_bucket{le="5"} 10
        ledger_fsync_latency_milliseconds_bucket{le="+Inf"} 10
        dotnet_gc_pause_seconds_total 0.5
        """;

    private const string After = """
        # TYPE ledger_fsync_latency_milliseconds histogram
        ledger_fsync_latency_milliseconds_bucket{le="0.5"} 60
        ledger_fsync_latency_milliseconds_bucket{le="1"} 108
        ledger_fsync_latency_milliseconds_bucket{le="5"} 109
        ledger_fsync_latency_milliseconds_bucket{le="+Inf"} 110
        dotnet_gc_pause_seconds_total 0.75
        """;

    [Fact]
    public void Since_TwoSnapshots_PercentilesOfTheObservationsBetweenThem()
    {
        var between = FsyncHistogram.Parse(After).Since(FsyncHistogram.Parse(Before));

        Assert.Equal(100, between.Count);
        Assert.Equal(0.5, between.Percentile(50));
        Assert.Equal(1, between.Percentile(98));
        Assert.Equal(5, between.Percentile(99));
        Assert.Equal(double.PositiveInfinity, between.Percentile(100));
    }

    [Fact]
    public void Parse_NoHistogram_NaNPercentile()
    {
        Assert.True(double.IsNaN(FsyncHistogram.Parse("ledger_uptime_seconds 3").Percentile(99)));
    }

    [Fact]
    public void Value_CounterPresentOrAbsent_ValueOrZero()
    {
        Assert.Equal(0.75, PrometheusText.Value(After, "dotnet_gc_pause_seconds_total"));
        Assert.Equal(0, PrometheusText.Value(After, "dotnet_gc_collections_total"));
    }
}
