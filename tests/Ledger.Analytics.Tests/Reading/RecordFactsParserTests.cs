using System.Text;
using Ledger.Analytics.Reading;
using Ledger.Analytics.Tests.Support;
using Ledger.Core.Records;

namespace Ledger.Analytics.Tests.Reading;

public sealed class RecordFactsParserTests
{
    private readonly RecordFactsParser _parser = new();

    public static TheoryData<string> Lines()
    {
        var data = new TheoryData<string>();
        foreach (var record in HandComputedFixture.Records())
        {
            data.Add(LedgerRecordJson.ToJson(record));
        }
        data.Add(LedgerRecordJson.ToJson(Some.Record("zoë \"quoted\"\n", message: "tab\there \u2028 <b>", context: "ctx/ü", receiver: "r\\x", keywords: ["naïve", "a\"b"], tags: ["@Status-Done", "@Tier-C", "@Logic-Failure"])));
        data.Add("""{"Id":"x","Timestamp":"2025-12-01T10:00:00+02:00","ReceivedAt":"2025-12-01T08:00:00.000Z","SpeakerName":"a","Message":"m","Source":"pull","Extra":{"deep":[1,{"x":2}]},"Metadata":{"chain_type":"security","client_key":{"nested":true},"keywords":["k"],"content_hash":"0123456789abcdef0123456789abcdef"}}""");
        data.Add("""{"Id":"y","Timestamp":"2025-12-01T10:00:00Z","ReceivedAt":"2025-12-01T10:00:00Z","SpeakerName":"b","Message":"no metadata","Source":"sub","Metadata":null}""");
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void TryParse_ValidLine_SameFieldsAsCoreParser(string line)
    {
        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out var record, out _));
        var facts = new RecordFacts();

        Assert.True(_parser.TryParse(Encoding.UTF8.GetBytes(line), facts));

        Assert.Equal(record.Timestamp, facts.Timestamp);
        Assert.Equal(DateTimeKind.Utc, facts.Timestamp.Kind);
        Assert.Equal(record.SpeakerName, facts.SpeakerName);
        Assert.Equal(record.SpeakerRole, facts.SpeakerRole);
        Assert.Equal(record.Receiver, facts.Receiver);
        Assert.Equal(record.ContextId, facts.ContextId);
        Assert.Equal(record.Metadata.ChainType, facts.ChainType);
        Assert.Equal(record.Metadata.AceTier, facts.AceTier);
        Assert.Equal(record.Metadata.Keywords, facts.Keywords);
        var hash = record.Metadata.ContentHash.Length >= 16 ? record.Metadata.ContentHash : Some.Md5(record.Message);
        Assert.Equal(Convert.ToUInt64(hash[..16], 16), facts.ContentKey);
    }

    [Fact]
    public void TryParse_EscapedMessageWithoutHash_HashesUnescapedText()
    {
        var line = """{"Id":"y","Timestamp":"2025-12-01T10:00:00.000Z","ReceivedAt":"2025-12-01T10:00:00.000Z","SpeakerName":"b","Message":"a\"b\u00e9\n","Source":"sub","Metadata":{}}""";
        var facts = new RecordFacts();

        Assert.True(_parser.TryParse(Encoding.UTF8.GetBytes(line), facts));

        Assert.Equal(Convert.ToUInt64(Some.Md5("a\"bé\n")[..16], 16), facts.ContentKey);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"Id":"x","Timestamp":"2025-12-01T10:00:00.000Z","ReceivedAt":"2025-12-01T10:00:00.000Z","Message":"m","Source":"pull"}""")]
    [InlineData("""{"Id":"x","Timestamp":"2025-12-01T10:00:00.000Z","ReceivedAt":"2025-12-01T10:00:00.000Z","SpeakerName":"a","Source":"pull"}""")]
    [InlineData("""{"Id":"x","Timestamp":"yesterday","ReceivedAt":"2025-12-01T10:00:00.000Z","SpeakerName":"a","Message":"m","Source":"pull"}""")]
    [InlineData("""{"Id":"x","Timestamp":"2025-12-01T10:00:00.000Z","ReceivedAt":"2025-12-01T10:00:00.000Z","SpeakerName":"a","Message":"m","Source":"pull","Metadata":{"keywords":"k"}}""")]
    [InlineData("""{"Id":"x","Timestamp":"2025-12-01T10:00:00.000Z","ReceivedAt":""")]
    public void TryParse_InvalidLine_RejectedLikeCoreParser(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.False(LedgerRecordJson.TryParse(bytes, out _, out _));

        Assert.False(_parser.TryParse(bytes, new RecordFacts()));
    }

    [Fact]
    public void TryParse_TagFamilies_FullOnlyWithAllThree()
    {
        bool Tagged(params string[] tags)
        {
            var facts = new RecordFacts();
            Assert.True(_parser.TryParse(Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(Some.Record(tags: tags))), facts));
            return facts.FullyTagged;
        }

        Assert.True(Tagged("@Status-Ready", "@Chain-ui_ux", "@Logic-Question"));
        Assert.True(Tagged("@Logic-Decision", "@Tier-A", "@Status-Blocked"));
        Assert.False(Tagged("@Status-Ready", "@Chain-ui_ux", "@Tier-A"));
        Assert.False(Tagged("@Chain-ui_ux", "@Logic-Question"));
        Assert.False(Tagged());
    }
}
