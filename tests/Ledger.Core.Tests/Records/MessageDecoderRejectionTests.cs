using System.Text;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

public sealed class MessageDecoderRejectionTests
{
    [Fact]
    public void TryDecode_InvalidUtf8_NamesTheByteOffset()
    {
        var frame = Encoding.UTF8.GetBytes("""{"SpeakerName":"a","Message":"bad ? here"}""");
        var offset = Array.IndexOf(frame, (byte)'?');
        frame[offset] = 0xC3; // a lead byte followed by a space: not a continuation

        Assert.Equal($"invalid UTF-8 at byte {offset}", Decode.Rejected(frame));
        Assert.Equal(34, offset);
    }

    [Fact]
    public void TryDecode_TruncatedMultibyteAtEnd_NamesTheOffset()
    {
        byte[] frame = [.. "{\"a\":\"é"u8, 0xE3, 0x81];

        Assert.Equal("invalid UTF-8 at byte 8", Decode.Rejected(frame));
    }

    [Fact]
    public void TryDecode_TruncatedJson_SaysTruncatedWithPosition()
    {
        var reason = Decode.Rejected("""{"SpeakerName":"a","Message":"b" """);

        Assert.StartsWith("truncated JSON: input ends at byte 33 inside an unfinished value", reason);
    }

    [Theory]
    [InlineData("{\"SpeakerName\":\"a\",\n\"Message\":\"b\"", 33)]
    [InlineData("{\"SpeakerName\":\"a\",\r\n\"Message\":\"b\",\n\"x\":tru", 43)]
    [InlineData("{\"SpeakerName\":\"a\",\"Mess", 24)]
    public void TryDecode_TruncatedMultiLineJson_GivesAbsoluteEnd(string json, int length)
    {
        Assert.Equal(length, json.Length);
        Assert.StartsWith($"truncated JSON: input ends at byte {length} inside", Decode.Rejected(json));
    }

    [Fact]
    public void TryDecode_SyntaxErrorOnLaterLine_GivesAbsoluteOffsetAndLine()
    {
        // Second line starts at byte 8; the stray '{' is its first byte.
        Assert.StartsWith("not valid JSON at byte 8 (line 2): '{' is invalid after a single JSON value", Decode.Rejected("{\"a\":1}\n{\"b\":2}"));
    }

    [Fact]
    public void TryDecode_SyntaxError_GivesBytePosition()
    {
        var reason = Decode.Rejected("""{"SpeakerName":"a" "Message":"b"}""");

        Assert.StartsWith("not valid JSON at byte 19:", reason);
    }

    [Fact]
    public void TryDecode_TrailingGarbage_IsRejected()
    {
        Assert.StartsWith("not valid JSON at byte 34:", Decode.Rejected("""{"SpeakerName":"a","Message":"b"} x"""));
    }

    [Theory]
    [InlineData("[1,2]", "frame is a JSON array, expected an object")]
    [InlineData("42", "frame is a JSON number, expected an object")]
    [InlineData("\"text\"", "frame is a JSON string, expected an object")]
    [InlineData("null", "frame is a JSON null, expected an object")]
    [InlineData("true", "frame is a JSON boolean, expected an object")]
    [InlineData("   ", "frame is empty, expected a JSON object")]
    [InlineData("", "frame is empty, expected a JSON object")]
    public void TryDecode_NotAnObject_SaysWhatItIs(string json, string reason)
    {
        Assert.Equal(reason, Decode.Rejected(json));
    }

    [Theory]
    [InlineData("""{"Message":"b"}""", "missing field SpeakerName")]
    [InlineData("""{"SpeakerName":"a"}""", "missing field Message")]
    [InlineData("""{"SpeakerName":null,"Message":"b"}""", "missing field SpeakerName")]
    [InlineData("""{"SpeakerName":" ","Message":"b"}""", "SpeakerName must not be empty")]
    [InlineData("""{"SpeakerName":"a","Message":""}""", "Message must not be empty")]
    public void TryDecode_MissingRequiredField_NamesIt(string json, string reason)
    {
        Assert.Equal(reason, Decode.Rejected(json));
    }

    [Theory]
    [InlineData("""{"SpeakerName":7,"Message":"b"}""", "SpeakerName must be a string, got number")]
    [InlineData("""{"sender":["x"],"Message":"b"}""", "SpeakerName must be a string, got array")]
    [InlineData("""{"SpeakerName":"a","Message":{"t":1}}""", "Message must be a string, got object")]
    [InlineData("""{"SpeakerName":"a","Message":"b","ConversationType":"0"}""", "ConversationType must be an integer, got string")]
    [InlineData("""{"SpeakerName":"a","Message":"b","ConversationType":1.5}""", "ConversationType must be an integer, got 1.5")]
    [InlineData("""{"SpeakerName":"a","Message":"b","Metadata":[1]}""", "Metadata must be an object, got array")]
    [InlineData("""{"SpeakerName":"a","Message":"b","Id":true}""", "Id must be a string or number, got boolean")]
    [InlineData("""{"SpeakerName":"a","Message":"b","Timestamp":1733072961}""", "Timestamp must be a string, got number")]
    [InlineData("""{"SpeakerName":"a","Message":"b","Receiver":false}""", "Receiver must be a string, got boolean")]
    public void TryDecode_WrongFieldType_NamesFieldAndType(string json, string reason)
    {
        Assert.Equal(reason, Decode.Rejected(json));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("12/01/2025 17:09")]
    [InlineData("2025-13-01T00:00:00Z")]
    public void TryDecode_TimestampNotIso8601_QuotesIt(string timestamp)
    {
        Assert.Equal($"Timestamp is not ISO-8601: '{timestamp}'",
            Decode.Rejected($$"""{"SpeakerName":"a","Message":"b","Timestamp":"{{timestamp}}"}"""));
    }

    [Fact]
    public void TryDecode_FrameOverLimit_GivesSizesWithSeparators()
    {
        var frame = new byte[2_000_000];
        Array.Fill(frame, (byte)' ');

        Assert.Equal("message is 2,000,000 bytes, limit 1,048,576 (Ledger:Ingest:MaxMessageBytes)", Decode.Rejected(frame));
    }

    [Fact]
    public void TryDecode_FrameAtLimit_IsAccepted()
    {
        var json = """{"SpeakerName":"a","Message":"bcdefghij"}""";
        var decoder = new MessageDecoder(new DecoderOptions { MaxMessageBytes = json.Length });

        Assert.Equal("bcdefghij", Decode.Ok(json, decoder).Message);
        Assert.StartsWith($"message is {json.Length + 1} bytes, limit {json.Length} ", Decode.Rejected(json[..^1] + " }", decoder));
    }

    [Fact]
    public void TryDecode_ThousandDeepNesting_IsRejectedAsTooDeep()
    {
        var json = """{"SpeakerName":"a","Message":"b","Metadata":{"x":""" + new string('[', 1000) + new string(']', 1000) + "}}";

        Assert.Equal("nesting deeper than 64", Decode.Rejected(json));
    }

    [Fact]
    public void TryDecode_DeepNestingInIgnoredField_IsStillRejected()
    {
        var json = """{"SpeakerName":"a","Message":"b","unknown":""" + new string('[', 1000) + new string(']', 1000) + "}";

        Assert.Equal("nesting deeper than 64", Decode.Rejected(json));
    }

    [Fact]
    public void TryDecode_NestingExactlyAtLimit_IsAccepted()
    {
        // Depth 1 is the frame object, 2 the Metadata object, then 62 arrays: 64 in total.
        var json = """{"SpeakerName":"a","Message":"b","Metadata":{"x":""" + new string('[', 62) + new string(']', 62) + "}}";

        Assert.NotNull(Decode.Ok(json).Metadata.ClientJson);
        Assert.Equal("nesting deeper than 64", Decode.Rejected(json.Replace("[[", "[[[").Replace("]]", "]]]")));
    }

    [Theory]
    [InlineData("""{"SpeakerName":"a","Message":"bad \ud800 text"}""", "Message contains an invalid \\u escape (lone surrogate)")]
    [InlineData("""{"SpeakerName":"\udc00","Message":"b"}""", "SpeakerName contains an invalid \\u escape (lone surrogate)")]
    [InlineData("""{"SpeakerName":"a","Message":"b","Metadata":{"k":"\ud83d"}}""", "a string contains an invalid \\u escape (lone surrogate)")]
    public void TryDecode_LoneSurrogateEscape_IsRejected(string json, string reason)
    {
        Assert.Equal(reason, Decode.Rejected(json));
    }

    [Fact]
    public void TryDecode_ValidSurrogatePairEscape_IsAccepted()
    {
        Assert.Equal("go 🚀", Decode.Ok("""{"SpeakerName":"a","Message":"go \ud83d\ude80"}""").Message);
    }
}
