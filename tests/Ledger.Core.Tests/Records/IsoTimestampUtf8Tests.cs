using System.Globalization;
using System.Text;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Records;

public sealed class IsoTimestampUtf8Tests
{
    [Theory]
    [InlineData("2025-12-01T17:09:21.123Z")]
    [InlineData("2025-12-01T17:09:21Z")]
    [InlineData("2025-12-01T17:09:21")]
    [InlineData("2025-12-01T17:09:21.1234567Z")]
    [InlineData("2025-12-01T17:09:21.123456789Z")]
    [InlineData("2025-12-01T17:09:21.9999999+02:00")]
    [InlineData("2025-12-31T23:59:59.999-05:30")]
    [InlineData("2024-02-29T00:00:00.5+14:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    public void TryParse_CommonShapes_SameInstantAsGeneralParser(string text)
    {
        Assert.True(IsoTimestampUtf8.TryParse(Encoding.ASCII.GetBytes(text), out var fast));
        Assert.True(TimestampParser.TryParse(text, out var general));
        Assert.Equal(general, fast);
        Assert.Equal(DateTimeKind.Utc, fast.Kind);
    }

    [Theory]
    [InlineData("2025-12-01 17:09:21Z")]
    [InlineData("2025-12-01")]
    [InlineData("2025-12-01T17:09Z")]
    [InlineData("2025-02-30T17:09:21Z")]
    [InlineData("2025-13-01T17:09:21Z")]
    [InlineData("2025-12-01T24:00:00Z")]
    [InlineData("2025-12-01T17:60:00Z")]
    [InlineData("2025-12-01T17:09:60Z")]
    [InlineData("2025-12-01T17:09:21.Z")]
    [InlineData("2025-12-01T17:09:21z")]
    [InlineData("2025-12-01T17:09:21+14:30")]
    [InlineData("2025-12-01T17:09:21+0200")]
    [InlineData("2025-12-01T17:09:21Z ")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("２０２５-12-01T17:09:21Z")]
    public void TryParse_OtherShapesOrOutOfRange_LeavesItToGeneralParser(string text)
    {
        Assert.False(IsoTimestampUtf8.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void TryParse_RandomInstantsAndOffsets_AgreeWithGeneralParser()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var instant = new DateTime(random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay));
            var fraction = random.Next(0, 10) switch { 0 => "", var d => "." + instant.Ticks.ToString("D7", CultureInfo.InvariantCulture)[^7..][..Math.Min(d, 7)] };
            var offset = random.Next(0, 4) switch
            {
                0 => "Z",
                1 => "",
                _ => (random.Next(2) == 0 ? "+" : "-") + random.Next(0, 15).ToString("D2", CultureInfo.InvariantCulture) + ":" + (random.Next(4) * 15).ToString("D2", CultureInfo.InvariantCulture),
            };
            var text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fraction + offset;
            var general = TimestampParser.TryParse(text, out var expected);
            var fast = IsoTimestampUtf8.TryParse(Encoding.ASCII.GetBytes(text), out var actual);
            if (fast)
            {
                Assert.True(general, text);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Theory]
    [InlineData("2025-12-01T17:09:21.1239999")]
    [InlineData("0001-01-01T00:00:00")]
    [InlineData("9999-12-31T23:59:59.9999999")]
    [InlineData("2024-02-29T07:08:09.010")]
    public void Format_AnyInstant_MatchesCustomFormatString(string roundTrip)
    {
        var value = DateTime.Parse(roundTrip, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var buffer = new byte[IsoTimestampUtf8.Length];
        IsoTimestampUtf8.Format(value, buffer);
        Assert.Equal(value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(buffer));
    }
}
