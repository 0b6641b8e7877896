using System.Text;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

public sealed class LedgerRecordParserTests
{
    [Fact]
    public void TryParse_OwnOutput_RoundTripsEveryField()
    {
        var record = SomeRecord.With(42, message: "naïve \"quoted\" text ✓");
        record.Metadata = record.Metadata with { ShlTags = ["@Tier-A"], Keywords = ["lease"], ClientJson = "{\"k\":1,\"nested\":{\"a\":[1,2]}}" };
        var json = LedgerRecordJson.ToJson(record);

        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(json), out var parsed, out var error), error);

        Assert.Equal(json, LedgerRecordJson.ToJson(parsed));
        Assert.Equal(DateTimeKind.Utc, parsed.Timestamp.Kind);
    }

    [Theory]
    [InlineData("2025-12-01T17:09:21.123Z")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("2025-12-01T17:09:21Z")]
    [InlineData("2025-12-01T18:09:21.123+01:00")]
    [InlineData("2025-12-01T17:09:21.1234567Z")]
    [InlineData("2025-12-01T17:09:21.123")]
    public void TryParse_TimestampForms_SameInstantAsDateTimeParse(string timestamp)
    {
        var line = $$"""{"Id":"a","Timestamp":"{{timestamp}}","ReceivedAt":"{{timestamp}}","SpeakerName":"s","Message":"m","Source":"pull"}""";
        var expected = DateTime.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Timestamp);
        Assert.Equal(DateTimeKind.Utc, parsed.Timestamp.Kind);
        Assert.Equal(expected, parsed.ReceivedAt);
    }

    [Theory]
    [InlineData("2025-02-30T17:09:21.123Z")]
    [InlineData("2025-12-01T24:09:21.123Z")]
    [InlineData("2025-12-01T17:09:21.12xZ")]
    public void TryParse_InvalidTimestampInJournalLayout_RejectedLikeDateTimeParse(string timestamp)
    {
        var line = $$"""{"Id":"a","Timestamp":"{{timestamp}}","ReceivedAt":"2025-12-01T17:09:21.123Z","SpeakerName":"s","Message":"m","Source":"pull"}""";

        Assert.False(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParse_EscapedPropertyNames_MatchedLikeUnescaped()
    {
        var line = """{"\u0049d":"a","Timestamp":"2025-12-01T17:09:21.123Z","ReceivedAt":"2025-12-01T17:09:21.123Z","SpeakerName":"s","Message":"m","Source":"pull","Metadata":{"chain_\u0074ype":"x","c\u006c":1}}""";

        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out var parsed, out var error), error);

        Assert.Equal("a", parsed.Id);
        Assert.Equal("x", parsed.Metadata.ChainType);
        Assert.Equal("{\"cl\":1}", parsed.Metadata.ClientJson);
    }

    [Fact]
    public void TryParse_ClientKeysOnConsecutiveLines_EachLineKeepsOnlyItsOwnKeys()
    {
        var first = """{"Id":"a","Timestamp":"2025-12-01T17:09:21.123Z","ReceivedAt":"2025-12-01T17:09:21.123Z","SpeakerName":"s","Message":"m","Source":"pull","Metadata":{"long_client_key":"0123456789"}}""";
        var second = """{"Id":"b","Timestamp":"2025-12-01T17:09:21.123Z","ReceivedAt":"2025-12-01T17:09:21.123Z","SpeakerName":"s","Message":"m","Source":"pull","Metadata":{"k":2}}""";
        var third = """{"Id":"c","Timestamp":"2025-12-01T17:09:21.123Z","ReceivedAt":"2025-12-01T17:09:21.123Z","SpeakerName":"s","Message":"m","Source":"pull","Metadata":{"chain_type":"x"}}""";

        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(first), out var a, out _));
        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(second), out var b, out _));
        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(third), out var c, out _));

        Assert.Equal("{\"long_client_key\":\"0123456789\"}", a.Metadata.ClientJson);
        Assert.Equal("{\"k\":2}", b.Metadata.ClientJson);
        Assert.Null(c.Metadata.ClientJson);
    }
}
