using System.Buffers;
using System.Text;
using System.Text.Json;
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

    [Fact]
    public void WriteAfterSequence_Utf8Message_SameBytesAsString()
    {
        // Every BMP character outside the surrogates and a range of supplementary ones, in runs, through both
        // overloads: the writer must escape UTF-8 input exactly as it escapes the string.
        var decoder = new MessageDecoder();
        Assert.True(decoder.TryDecode("""{"SpeakerName":"a","Message":"x"}"""u8, Context, out var record, out _));
        var texts = new List<string>();
        var run = new StringBuilder();
        for (var scalar = 1; scalar < 0x30000; scalar++)
        {
            if (scalar is >= 0xD800 and <= 0xDFFF || scalar is > 0x11000 and < 0x1F000)
            {
                continue;
            }
            run.Append(char.ConvertFromUtf32(scalar));
            if (run.Length >= 512)
            {
                texts.Add(run.ToString());
                run.Clear();
            }
        }
        texts.Add(run.ToString());
        foreach (var text in texts)
        {
            var fromString = new LedgerRecord
            {
                Id = record!.Id, Timestamp = record.Timestamp, ReceivedAt = record.ReceivedAt, SpeakerName = "a",
                Message = text, Source = "pull",
            };
            Assert.Equal(Serialize((w, _) => LedgerRecordJson.WriteAfterSequence(w, fromString)),
                Serialize((w, output) => LedgerRecordJson.WriteAfterSequence(w, output, record, Encoding.UTF8.GetBytes(text))));
        }
    }

    [Theory]
    [InlineData("""{"run":"bench"}""")]
    [InlineData("""{"nested":{"a":[1,2.50,{"b":null}],"t":true},"n":-1e3}""")]
    [InlineData("""{"esc\u0061ped":"line\nbreak \"q\" \u00e9 \ud83d\ude80","ü":"データ","ctl":"\u0001"}""")]
    [InlineData("""{"keywords":"mine","client_keywords":1,"chain_type":{"x":1},"other":"kept"}""")]
    [InlineData("""{}""")]
    [InlineData(null)]
    public void WriteAfterSequence_IngestOverload_SameLineAsGeneralWriter(string? metadataJson)
    {
        // The ingest overload splices the client's members raw; through the real decoder and enricher it must write
        // exactly what the member-by-member writer does.
        var frame = metadataJson is null
            ? """{"SpeakerName":"a","Message":"deploy the \"fix\" now 🚀"}"""
            : $$"""{"SpeakerName":"a","Message":"deploy the \"fix\" now 🚀","Metadata":{{metadataJson}}}""";
        var decoder = new MessageDecoder();
        var enricher = new Ledger.Core.Enrichment.MetadataEnricher(Support.RepoPaths.Rules);
        var message = new ByteBufferWriter();
        Assert.True(decoder.TryDecode(Encoding.UTF8.GetBytes(frame), Context, out var viaString, out var reason), reason);
        Assert.True(decoder.TryDecode(Encoding.UTF8.GetBytes(frame), Context, message, out var viaUtf8, out reason), reason);
        viaString.Metadata = enricher.Enrich(viaString.Message, viaString.Metadata.ClientJson);
        viaUtf8.Metadata = enricher.Enrich(message.WrittenSpan, viaUtf8.Metadata.ClientJson);

        var expected = Serialize((w, _) => LedgerRecordJson.WriteAfterSequence(w, viaString));
        var actual = Serialize((w, output) => LedgerRecordJson.WriteAfterSequence(w, output, viaUtf8, message.WrittenSpan));

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        using var document = JsonDocument.Parse(actual);
    }

    private static byte[] Serialize(Action<Utf8JsonWriter, IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new Utf8JsonWriter(buffer, LedgerRecordJson.WriterOptions);
        writer.WriteStartObject();
        write(writer, buffer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
