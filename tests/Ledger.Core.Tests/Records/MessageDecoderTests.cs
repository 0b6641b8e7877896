using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

public sealed class MessageDecoderTests
{
    private const string Seed = """
        {"Id":"m-1","Timestamp":"2025-12-01T17:09:21.123Z","SpeakerName":"claude_code","SpeakerRole":"Agent",
         "Message":"lease renewal works","ConversationType":2,"ContextId":"context_xyz",
         "Metadata":{"priority":"high","attempt":3},"Receiver":"gemini_cli","MessageType":"chat",
         "CorrelationId":"corr-7","CausationId":"m-0"}
        """;

    [Fact]
    public void TryDecode_IngestPathSameMetadataObjectTwice_SharedMetadataWithThatText()
    {
        var decoder = new MessageDecoder();
        LedgerRecord Ingest(string json)
        {
            Assert.True(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(json), Decode.Context(), new Ledger.Core.Ingest.ByteBufferWriter(64), out var record, out var reason), reason);
            return record;
        }

        var first = Ingest("""{"Id":"a","SpeakerName":"s","Message":"m","Metadata":{"run":"bench"}}""");
        var second = Ingest("""{"Id":"b","SpeakerName":"s","Message":"n","Metadata":{"run":"bench"}}""");
        var other = Ingest("""{"Id":"c","SpeakerName":"s","Message":"o","Metadata":{"run":"other"}}""");

        Assert.Equal("""{"run":"bench"}""", second.Metadata.ClientJson);
        Assert.Same(first.Metadata, second.Metadata);
        Assert.Equal("""{"run":"other"}""", other.Metadata.ClientJson);
        Assert.NotSame(second.Metadata, other.Metadata);
    }

    [Fact]
    public void TryDecode_SeedMessage_MapsEveryField()
    {
        var record = Decode.Ok(Seed);

        Assert.Equal("m-1", record.Id);
        Assert.Equal(0, record.Sequence);
        Assert.Equal(new DateTime(2025, 12, 1, 17, 9, 21, 123, DateTimeKind.Utc), record.Timestamp);
        Assert.Equal(DateTimeKind.Utc, record.Timestamp.Kind);
        Assert.Equal(Decode.ReceivedAt, record.ReceivedAt);
        Assert.Equal("claude_code", record.SpeakerName);
        Assert.Equal("Agent", record.SpeakerRole);
        Assert.Equal("lease renewal works", record.Message);
        Assert.Equal(2, record.ConversationType);
        Assert.Equal("context_xyz", record.ContextId);
        Assert.Equal("gemini_cli", record.Receiver);
        Assert.Equal("chat", record.MessageType);
        Assert.Equal("corr-7", record.CorrelationId);
        Assert.Equal("m-0", record.CausationId);
        Assert.Equal("pull", record.Source);
        Assert.Null(record.Topic);
        Assert.Equal("""{"priority":"high","attempt":3}""", record.Metadata.ClientJson);
        Assert.Equal("other", record.Metadata.ChainType);
    }

    [Fact]
    public void TryDecode_Context_CopiesSourceAndTopic()
    {
        var ok = new MessageDecoder().TryDecode("""{"SpeakerName":"a","Message":"b"}"""u8, Decode.Context("sub", "agents.chat"), out var record, out _);

        Assert.True(ok);
        Assert.Equal("sub", record!.Source);
        Assert.Equal("agents.chat", record.Topic);
    }

    [Theory]
    [InlineData("""{"speaker_name":"a","message":"hi","context_id":"c","conversation_type":1}""")]
    [InlineData("""{"SPEAKERNAME":"a","MESSAGE":"hi","ContextID":"c","ConversationType":1}""")]
    [InlineData("""{"speakername":"a","Message":"hi","contextid":"c","conversationtype":1}""")]
    [InlineData("""{"Speaker_Name":"a","message":"hi","CONTEXT_ID":"c","conversation_type":1}""")]
    [InlineData("""{"sender":"a","content":"hi","context_id":"c","conversation_type":1}""")]
    [InlineData("""{"\u0053peakerName":"a","Message":"hi","ContextId":"c","ConversationType":1}""")]
    public void TryDecode_CaseSnakeAndAliasVariants_MapToSameFields(string json)
    {
        var record = Decode.Ok(json);

        Assert.Equal("a", record.SpeakerName);
        Assert.Equal("hi", record.Message);
        Assert.Equal("c", record.ContextId);
        Assert.Equal(1, record.ConversationType);
    }

    [Fact]
    public void TryDecode_ReceiverAndSnakeOptionalFields_AreRead()
    {
        var record = Decode.Ok("""{"sender":"a","receiver":"b","content":"x","message_type":"task","correlation_id":"c1","causation_id":"c0"}""");

        Assert.Equal("b", record.Receiver);
        Assert.Equal("task", record.MessageType);
        Assert.Equal("c1", record.CorrelationId);
        Assert.Equal("c0", record.CausationId);
        Assert.Equal("c1", record.ContextId);
    }

    [Fact]
    public void TryDecode_NoId_AssignsUuidV7FromReceiveTime()
    {
        var first = Decode.Ok("""{"SpeakerName":"a","Message":"b"}""");
        var second = Decode.Ok("""{"SpeakerName":"a","Message":"b","Id":""}""");

        var guid = Guid.Parse(first.Id);
        Assert.Equal(7, guid.Version);
        Assert.NotEqual(first.Id, second.Id);
        // UUIDv7 carries the Unix milliseconds in its first 48 bits.
        var millis = Convert.ToInt64(first.Id.Replace("-", "")[..12], 16);
        Assert.Equal(new DateTimeOffset(Decode.ReceivedAt).ToUnixTimeMilliseconds(), millis);
    }

    [Fact]
    public void TryDecode_NumericId_KeepsItsText()
    {
        Assert.Equal("12345678901234567890", Decode.Ok("""{"Id":12345678901234567890,"SpeakerName":"a","Message":"b"}""").Id);
    }

    [Fact]
    public void TryDecode_NoTimestamp_UsesReceiveTime()
    {
        Assert.Equal(Decode.ReceivedAt, Decode.Ok("""{"SpeakerName":"a","Message":"b","Timestamp":null}""").Timestamp);
    }

    [Theory]
    [InlineData("2025-12-01T19:09:21.123+02:00", "2025-12-01T17:09:21.123Z")]
    [InlineData("2025-12-01T17:09:21", "2025-12-01T17:09:21.000Z")]
    [InlineData("2025-12-01T17:09:21.123456", "2025-12-01T17:09:21.123Z")]
    [InlineData("2025-12-01T17:09:21.9999999Z", "2025-12-01T17:09:21.999Z")]
    [InlineData("2025-12-01 17:09:21.5-05:00", "2025-12-01T22:09:21.500Z")]
    [InlineData("2025-12-01", "2025-12-01T00:00:00.000Z")]
    [InlineData("2025-12-01T17:09:21.987654321Z", "2025-12-01T17:09:21.987Z")]
    [InlineData("2025-12-01T17:09:21.987654321+01:00", "2025-12-01T16:09:21.987Z")]
    public void TryDecode_Timestamp_NormalisedToUtcMilliseconds(string sent, string stored)
    {
        var record = Decode.Ok($$"""{"SpeakerName":"a","Message":"b","Timestamp":"{{sent}}"}""");

        Assert.Equal(DateTimeKind.Utc, record.Timestamp.Kind);
        Assert.Equal(stored, LedgerRecordJson.FormatTimestamp(record.Timestamp));
    }

    [Fact]
    public void TryDecode_UnknownFieldsAndWhitespace_AreIgnored()
    {
        var record = Decode.Ok("  {\"future\":{\"x\":[1,2]},\n\"SpeakerName\":\"a\",\r\n\"Message\":\"b\"}  \n");

        Assert.Equal("a", record.SpeakerName);
        Assert.Null(record.Metadata.ClientJson);
    }

    [Fact]
    public void TryDecode_PrettyPrintedMetadata_IsStoredCompactWithNumbersVerbatim()
    {
        var record = Decode.Ok("{\"SpeakerName\":\"a\",\"Message\":\"b\",\"Metadata\":{\n  \"tags\": [ \"x\", 1.10, true, null ],\n  \"n\\u00e4me\": { \"deep\": \"line\\nbreak\" }\n}}");

        Assert.Equal("""{"tags":["x",1.10,true,null],"näme":{"deep":"line\nbreak"}}""", record.Metadata.ClientJson);
    }

    [Fact]
    public void TryDecode_NonAsciiText_IsKept()
    {
        var record = Decode.Ok("""{"SpeakerName":"エージェント","Message":"データベースのスキーマを変更しました 🚀"}""");

        Assert.Equal("エージェント", record.SpeakerName);
        Assert.Equal("データベースのスキーマを変更しました 🚀", record.Message);
    }
}
