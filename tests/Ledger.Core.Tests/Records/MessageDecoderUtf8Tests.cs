using System.Text;
using Ledger.Core.Ingest;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Records;

/// <summary>The ingest path decodes the message into a UTF-8 buffer; it must accept, refuse and journal exactly as the string path.</summary>
public sealed class MessageDecoderUtf8Tests
{
    private static readonly FrameContext Context = new("pull", null, new DateTime(2025, 12, 1, 17, 9, 21, DateTimeKind.Utc));

    public static TheoryData<string> Frames => new()
    {
        """{"SpeakerName":"a","Message":"plain text"}""",
        """{"SpeakerName":"a","Message":"line\nbreak, \"quoted\", tab\t, \\ and \u00e9 and \ud83d\ude80"}""",
        """{"SpeakerName":"a","Message":"größe データ 🚀"}""",
        """{"SpeakerName":"a","Message":""}""",
        """{"SpeakerName":"a","Message":null}""",
        """{"SpeakerName":"a"}""",
        """{"SpeakerName":"a","Message":42}""",
        """{"SpeakerName":"a","Message":"bad \ud800 escape"}""",
        """{"SpeakerName":"a","Message":"first","Message":null}""",
        """{"SpeakerName":"a","Message":null,"Message":"second"}""",
        """{"SpeakerName":"a","Message":"first","Message":"second"}""",
        """{"SpeakerName":"a","Message":"kept","payload":{"message":"ignored"}}""",
        """{"event_type":"x","source":{"origin":"bot"},"payload":{"message":"from payload \u00e9"}}""",
        """{"event_type":"x","source":{"origin":"bot"},"payload":{"content":"from content"}}""",
        """{"event_type":"x","source":{"origin":"bot"},"payload":"payload as a string"}""",
        """{"event_type":"x","source":{"origin":"bot"},"payload":{"k": [1, 2], "s":"v"}}""",
        """{"event_type":"x","source":{"origin":"bot"},"payload":{"message":""}}""",
        """{"SpeakerName":"","Message":"no speaker"}""",
        """{"SpeakerName":"a","Message":"truncated""",
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void TryDecode_WithMessageBuffer_SameOutcomeAsStringPath(string json)
    {
        var frame = Encoding.UTF8.GetBytes(json);
        var decoder = new MessageDecoder();
        var buffer = new ByteBufferWriter(16);
        buffer.Write("earlier"u8);

        var expectedOk = decoder.TryDecode(frame, Context, out var expected, out var expectedReason);
        var ok = decoder.TryDecode(frame, Context, buffer, out var actual, out var reason);

        Assert.Equal(expectedOk, ok);
        Assert.Equal(expectedReason, reason);
        if (!ok)
        {
            Assert.Equal("earlier"u8.ToArray(), buffer.WrittenSpan.ToArray());
            return;
        }
        Assert.Equal("earlier" + expected!.Message, Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal("", actual!.Message);
        Assert.Equal(expected.SpeakerName, actual.SpeakerName);
        Assert.Equal(expected.Metadata.ClientJson, actual.Metadata.ClientJson);
    }
}
