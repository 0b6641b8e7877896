using Ledger.Analytics.Metrics;

namespace Ledger.Analytics.Tests.Metrics;

public sealed class ReplyTimeMedianTests
{
    [Fact]
    public void MedianMilliseconds_NoSamples_Null()
    {
        Assert.Null(new ReplyTimeMedian().MedianMilliseconds());
    }

    [Theory]
    [InlineData(new double[] { 5 }, 5)]
    [InlineData(new double[] { 30, 10, 20 }, 20)]
    [InlineData(new double[] { 40, 10, 30, 20 }, 25)]
    public void MedianMilliseconds_FewSamples_Exact(double[] samples, double expected)
    {
        var median = new ReplyTimeMedian();
        foreach (var sample in samples)
        {
            median.Add(sample);
        }
        Assert.True(median.IsExact);
        Assert.Equal(expected, median.MedianMilliseconds());
    }

    [Fact]
    public void MedianMilliseconds_BeyondExactCapacity_WithinOnePercent()
    {
        var median = new ReplyTimeMedian();
        var random = new Random(7);
        var samples = new List<double>();
        for (var i = 0; i < ReplyTimeMedian.ExactCapacity * 10; i++)
        {
            var value = Math.Round(random.NextDouble() * random.NextDouble() * 600_000); // skewed, up to 10 minutes
            samples.Add(value);
            median.Add(value);
        }
        samples.Sort();
        var truth = samples[(samples.Count - 1) / 2];

        var estimate = median.MedianMilliseconds()!.Value;

        Assert.False(median.IsExact);
        Assert.InRange(estimate, truth * 0.99, truth * 1.01);
    }
}
