using Ledger.Analytics.Metrics;

namespace Ledger.Analytics.Tests.Metrics;

public sealed class DuplicateContentDetectorTests
{
    [Fact]
    public void Add_RepeatedKeys_CountsEveryRepeat()
    {
        var detector = new DuplicateContentDetector();
        foreach (var key in new ulong[] { 1, 2, 1, 3, 1, 2 })
        {
            detector.Add(key);
        }
        Assert.Equal(3, detector.Duplicates);
        Assert.True(detector.IsExact);
    }
}
