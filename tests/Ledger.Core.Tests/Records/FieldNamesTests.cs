using System.Text;
using System.Text.Json;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Records;

public sealed class FieldNamesTests
{
    [Theory]
    [InlineData("Id", "id", "ID", "\\u0049d")]
    [InlineData("Message", "message", "MESSAGE", "Mess\\u0061ge")]
    [InlineData("Metadata", "metadata", "meta_data", "METADATA")]
    [InlineData("Receiver", "receiver", "RECEIVER", "re_ceiver")]
    [InlineData("Timestamp", "timestamp", "time_stamp", "TimeStamp")]
    [InlineData("ContextId", "context_id", "contextId", "CONTEXTID")]
    [InlineData("SpeakerName", "speaker_name", "speakerName", "sender")]
    [InlineData("SpeakerRole", "speaker_role", "speakerrole", "SPEAKER_ROLE")]
    [InlineData("MessageType", "message_type", "messageType", "MESSAGETYPE")]
    [InlineData("CausationId", "causation_id", "causationID", "Causation_Id")]
    [InlineData("CorrelationId", "correlation_id", "correlationID", "CORRELATIONID")]
    [InlineData("ConversationType", "conversation_type", "conversationType", "CONVERSATION_TYPE")]
    public void MatchTopLevel_SeedSpellingAndVariants_SameField(string seed, string variant1, string variant2, string variant3)
    {
        var expected = Match(seed);

        Assert.NotEqual(FrameField.Unknown, expected);
        Assert.Equal(expected, Match(variant1));
        Assert.Equal(expected, Match(variant2));
        Assert.Equal(expected, Match(variant3));
    }

    [Theory]
    [InlineData("Ids")]
    [InlineData("Messages")]
    [InlineData("Speaker")]
    [InlineData("ünknown")]
    public void MatchTopLevel_OtherNames_Unknown(string name)
    {
        Assert.Equal(FrameField.Unknown, Match(name));
    }

    private static FrameField Match(string name)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("{\"" + name + "\":1}"));
        reader.Read();
        reader.Read();
        return FieldNames.MatchTopLevel(ref reader);
    }
}
