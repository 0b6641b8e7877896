using System.Diagnostics;
using Ledger.Daemon.Hosting;

namespace Ledger.Daemon.Tests.Hosting;

public sealed class PreciseSleepTests
{
    [Theory]
    [InlineData(300)]
    [InlineData(2_500)]
    public void For_SubAndMultiMillisecond_SleepsAtLeastTheDuration(int microseconds)
    {
        var duration = TimeSpan.FromMicroseconds(microseconds);
        var stopwatch = Stopwatch.StartNew();

        PreciseSleep.For(duration);

        Assert.True(stopwatch.Elapsed >= duration, $"slept {stopwatch.Elapsed.TotalMicroseconds:F0} µs of {microseconds}");
    }

    [Fact]
    public void For_ZeroOrNegative_ReturnsWithoutSleeping()
    {
        PreciseSleep.For(TimeSpan.Zero);
        PreciseSleep.For(TimeSpan.FromMilliseconds(-5));
    }
}
