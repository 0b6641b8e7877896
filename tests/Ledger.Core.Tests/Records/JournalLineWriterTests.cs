using System.Buffers.Text;
using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Ingest;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

/// <summary>The ingest path's line writer must produce exactly the bytes of <see cref="LedgerRecordJson.Write"/>.</summary>
public sealed class JournalLineWriterTests
{
    private static readonly FrameContext Context = new("pull", "topic/a", new DateTime(2025, 12, 1, 17, 9, 21, 456, DateTimeKind.Utc));
    private static readonly MetadataEnricher Enricher = new(RepoPaths.Rules);

    [Theory]
    [InlineData("""{"run":"bench"}""")]
    [InlineData("""{"nested":{"a":[1,2.50,{"b":null}],"t":true},"n":-1e3}""")]
    [InlineData("""{"esc\u0061ped":"line\nbreak \"q\" \u00e9 \ud83d\ude80","ü":"データ","ctl":"\u0001"}""")]
    [InlineData("""{"keywords":"mine","client_keywords":1,"chain_type":{"x":1},"other":"kept"}""")]
    [InlineData("""{}""")]
    [InlineData(null)]
    public void WriteLine_ClientMetadataThroughDecoderAndEnricher_SameBytesAsLedgerRecordJson(string? metadataJson)
    {
        var frame = metadataJson is null
            ? """{"Id":"m-1","SpeakerName":"a","SpeakerRole":"Agent","Message":"deploy the \"fix\" now 🚀","ContextId":"ctx"}"""
            : $$"""{"Id":"m-1","SpeakerName":"a","Message":"deploy the \"fix\" now 🚀","Metadata":{{metadataJson}}}""";

        AssertSameLine(frame);
    }

    [Fact]
    public void WriteLine_EveryPrintableAsciiAndControlCharacterInEveryStringField_SameBytes()
    {
        // Each character alone and in company, in the fields the decoder keeps as strings: the plain-ASCII copy must
        // agree with the writer on what needs no escape, and hand everything else to it.
        for (var c = 0; c < 0x80; c++)
        {
            var text = JsonString(((char)c).ToString() + " mixed " + (char)c);
            AssertSameLine($$"""{"Id":{{text}},"SpeakerName":{{text}},"SpeakerRole":{{text}},"Receiver":{{text}},"MessageType":{{text}},"Message":{{text}},"ContextId":{{text}},"CorrelationId":{{text}},"CausationId":{{text}}}""");
        }
    }

    [Fact]
    public void WriteLine_MessagesOverAllOfUnicode_SameBytes()
    {
        // Runs of every BMP character outside the surrogates and a range of supplementary ones, as the message.
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
                AssertSameLine($$"""{"Id":"u","SpeakerName":"a","Message":{{JsonString(run.ToString())}}}""");
                run.Clear();
            }
        }
        if (run.Length > 0)
        {
            AssertSameLine($$"""{"Id":"u","SpeakerName":"a","Message":{{JsonString(run.ToString())}}}""");
        }
    }

    [Fact]
    public void WriteLine_EachBmpCharacterAloneInMessageNameAndKeyword_SameBytes()
    {
        // One character per line, so a character the encoder escapes cannot hide one that the verbatim table lets
        // through wrongly (in the runs above most lines hold some escaped character and take the encoder's path).
        // As UTF-8 (the message), as a string (the speaker) and as a keyword the enricher makes of it.
        for (var c = 0x80; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            var ch = (char)c;
            var message = JsonString($"deploy{ch}now {ch}{ch}{ch}{ch} again {ch}{ch}{ch}{ch}");
            AssertSameLine($$"""{"Id":"u","SpeakerName":{{JsonString($"agent{ch}")}},"Message":{{message}}}""");
        }
    }

    [Fact]
    public void WriteLine_EachAsciiCharacterAmongNonAsciiText_SameBytes()
    {
        // A non-ASCII text checks its ASCII bytes one by one, and a stretch of two or more with a vector search: each
        // ASCII character alone, doubled and in a longer stretch, between letters of three scripts and at the ends.
        for (var c = 0; c < 0x80; c++)
        {
            var ch = (char)c;
            foreach (var text in new[] { $"é{ch}ü", $"変{ch}{ch}更", $"{ch}слово{ch}", $"Σ{ch}abcdefghijklmnopqrstuvwxyz{ch}Σ", $"ß abcdefghijklmnopqrstuvwxyz0123456789{ch}" })
            {
                AssertSameLine($$"""{"Id":"u","SpeakerName":{{JsonString($"é{ch}")}},"Message":{{JsonString(text)}}}""");
            }
        }
    }

    [Fact]
    public void WriteLine_RandomRecords_SameBytes()
    {
        const string pool = "abcXYZ019 _-.:/\"\\\n\t\u0001\u007f<>&'+`éüßΣデ変🚀\u2028\u00a0\ufeff";
        var random = new Random(31);
        string Text(int max)
        {
            var runes = new StringBuilder();
            var length = random.Next(1, max);
            for (var i = 0; i < length; i++)
            {
                var at = random.Next(pool.Length);
                runes.Append(char.IsHighSurrogate(pool[at]) ? pool.Substring(at, 2) : char.IsLowSurrogate(pool[at]) ? "x" : pool[at].ToString());
            }
            return JsonString(runes.ToString());
        }
        for (var round = 0; round < 500; round++)
        {
            var optional = random.Next(2) == 0 ? "null" : Text(20);
            AssertSameLine($$$"""{"Id":{{{Text(30)}}},"SpeakerName":"s{{{Text(12)[1..]}}},"SpeakerRole":{{{optional}}},"Message":{{{Text(300)}}},"ConversationType":{{{random.Next(-5, 5)}}},"ContextId":{{{optional}}},"Metadata":{"k":{{{Text(10)}}}}}""");
        }
    }

    [Fact]
    public void WriteAfterSequence_TimestampsRepeatingAndChanging_EachLineHasItsOwn()
    {
        // One writer for many lines, as in the daemon: it reuses the text of a timestamp while the millisecond stays.
        var start = new DateTime(2025, 12, 31, 23, 59, 59, 998, DateTimeKind.Utc);
        long[] offsetsInTicks = [0, 0, 1, 9_999, 10_000, 10_000, -10_000, 20_001, 0, 863_990_000_000];
        using var lines = new JournalLineWriter();
        for (var i = 0; i < offsetsInTicks.Length; i++)
        {
            var record = SomeRecord.With(i + 1);
            record = new LedgerRecord
            {
                Id = record.Id,
                Sequence = record.Sequence,
                Timestamp = start.AddTicks(offsetsInTicks[i]),
                ReceivedAt = start.AddTicks(offsetsInTicks[offsetsInTicks.Length - 1 - i]),
                SpeakerName = record.SpeakerName,
                Message = record.Message,
                Source = record.Source,
                Metadata = record.Metadata,
            };
            var output = new ByteBufferWriter(64);
            lines.WriteStartAndId(output, record);
            output.Write(LedgerRecordJson.SequencePrefix);
            Utf8Formatter.TryFormat(record.Sequence, output.GetSpan(20), out var digits);
            output.Advance(digits);
            lines.WriteAfterSequence(output, record, Encoding.UTF8.GetBytes(record.Message));

            Assert.Equal(LedgerRecordJson.ToJson(record), Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    [Fact]
    public void WriteLine_OneWriterOverManyRecordsSharingValues_SameBytesEveryTime()
    {
        // The writer remembers the text of values that come back as the same object (speakers, tiers, tag lists):
        // over many records, every line must still be exactly the reference serializer's.
        using var lines = new JournalLineWriter();
        string[] speakers = ["planner", "coder", "re\"viewer", "データ"];
        string[] texts = ["Deployed the fix; tests pass.", "Why does the build fail?", "Blocked on the database migration.", "ok"];
        for (var i = 0; i < 400; i++)
        {
            var role = i % 3 == 0 ? "null" : "\"Agent\"";
            AssertSameLine($$"""{"Id":"m-{{i}}","SpeakerName":{{JsonString(speakers[i % speakers.Length])}},"SpeakerRole":{{role}},"MessageType":"chat","Message":{{JsonString(texts[i % texts.Length])}},"ContextId":"ctx-{{i % 7}}"}""", lines);
        }
    }

    [Fact]
    public void WriteLine_MoreSharedValuesThanTheWriterRemembers_SameBytesEveryTime()
    {
        // Shared values are remembered by the objects' identities in a fixed number of slots: 150 distinct speaker
        // runs, three rounds, so slots are shared, overwritten and hit, and every line must stay right.
        using var lines = new JournalLineWriter();
        string[] roles = ["Agent", "Human", "Tool"];
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 150; i++)
            {
                var receiver = i % 4 == 0 ? "null" : JsonString($"agent-{i % 9}");
                var type = i % 5 == 0 ? "null" : "\"chat\"";
                AssertSameLine($$"""{"Id":"m-{{round}}-{{i}}","SpeakerName":"speaker-{{i % 50}}","SpeakerRole":"{{roles[i % 3]}}","Receiver":{{receiver}},"MessageType":{{type}},"Message":"status {{i}}"}""", lines);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void WriteLine_LinesDifferingInOneSharedMember_EachLineHasItsOwn(int varied)
    {
        // One member of the line takes 97 values, each written twice in a row (the second time its text is
        // remembered), the others staying the same objects: many of these values share a slot of the writer's
        // memory of shared values, and a value must never be written as another.
        using var lines = new JournalLineWriter();
        var values = Enumerable.Range(0, 97).Select(v => $"value-{v}").ToArray();
        var tagLists = values.Select(v => new FrozenStringList(["@Tag-" + v, "@Chain-x"])).ToArray();
        var fixedTags = new FrozenStringList(["@Status-Done"]);
        for (var v = 0; v < values.Length; v++)
        {
            var record = new LedgerRecord
            {
                Id = "m", Timestamp = Context.ReceivedAt, ReceivedAt = Context.ReceivedAt, Message = "", Source = "pull", Sequence = 0,
                SpeakerName = varied == 0 ? values[v] : "planner",
                SpeakerRole = varied == 1 ? values[v] : "Agent",
                Receiver = varied == 2 ? values[v] : null,
                MessageType = varied == 3 ? values[v] : "chat",
                Metadata = new RecordMetadata
                {
                    ChainType = varied == 4 ? values[v] : "devops",
                    AceTier = varied == 5 ? values[v] : "A",
                    ShlTags = varied == 6 ? tagLists[v] : fixedTags,
                },
            };
            var expected = LedgerRecordJson.ToJson(record).Replace(",\"Sequence\":0", "", StringComparison.Ordinal);
            Assert.Equal(expected, Line(lines, record));
            Assert.Equal(expected, Line(lines, record));
        }
    }

    [Fact]
    public void WriteLine_SameRunTextInNewObjects_SameBytes()
    {
        // Equal text in fresh string objects is a different value to the writer's memory, and must come out the same.
        using var lines = new JournalLineWriter();
        for (var i = 0; i < 4; i++)
        {
            var record = new LedgerRecord
            {
                Id = "m", Timestamp = Context.ReceivedAt, ReceivedAt = Context.ReceivedAt, Message = "", Source = "pull", Sequence = 0,
                SpeakerName = new string("planner".AsSpan()), SpeakerRole = new string("Agent".AsSpan()), MessageType = i % 2 == 0 ? null : "chat",
            };
            var expected = LedgerRecordJson.ToJson(record).Replace(",\"Sequence\":0", "", StringComparison.Ordinal);
            Assert.Equal(expected, Line(lines, record));
        }
    }

    [Fact]
    public void WriteLine_MutableTagListChangedBetweenLines_WritesWhatItHoldsNow()
    {
        using var lines = new JournalLineWriter();
        var tags = new List<string> { "@Status-Done" };
        var record = new LedgerRecord
        {
            Id = "m", Timestamp = Context.ReceivedAt, ReceivedAt = Context.ReceivedAt, SpeakerName = "a", Message = "", Source = "pull",
            Metadata = new RecordMetadata { ShlTags = tags },
        };

        // Twice, so a writer that remembered lists would now hold this one's text.
        Line(lines, record);
        var before = Line(lines, record);
        tags[0] = "@Status-Blocked";
        var after = Line(lines, record);

        Assert.Contains("\"shl_tags\":[\"@Status-Done\"]", before);
        Assert.Contains("\"shl_tags\":[\"@Status-Blocked\"]", after);
    }

    [Fact]
    public void WriteLine_LongSharedValueManyTimes_SameBytesAsLedgerRecordJson()
    {
        // Too long for the writer to remember: written afresh each time, and still right.
        using var lines = new JournalLineWriter();
        var speaker = new string('s', 300) + "\"quoted\"";
        var record = new LedgerRecord
        {
            Id = "m", Timestamp = Context.ReceivedAt, ReceivedAt = Context.ReceivedAt, SpeakerName = speaker, Message = "",
            Source = "pull", Sequence = 0,
        };
        var expected = LedgerRecordJson.ToJson(record).Replace(",\"Sequence\":0", "", StringComparison.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected, Line(lines, record));
        }
    }

    private static string Line(JournalLineWriter lines, LedgerRecord record)
    {
        var output = new ByteBufferWriter(64);
        lines.WriteStartAndId(output, record);
        lines.WriteAfterSequence(output, record, Encoding.UTF8.GetBytes(record.Message));
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void AssertSameLine(string frameJson)
    {
        using var lines = new JournalLineWriter();
        AssertSameLine(frameJson, lines);
    }

    private static void AssertSameLine(string frameJson, JournalLineWriter lines)
    {
        var frame = Encoding.UTF8.GetBytes(frameJson);
        var decoder = new MessageDecoder();
        var message = new ByteBufferWriter(64);
        Assert.True(decoder.TryDecode(frame, Context, out var viaString, out var reason), reason);
        Assert.True(decoder.TryDecode(frame, Context, message, out var viaUtf8, out reason), reason);
        var clientJson = viaUtf8.Metadata.ClientJson;
        viaString.Metadata = Enricher.Enrich(viaString.Message, viaString.Metadata.ClientJson);
        viaUtf8.Metadata = Enricher.Enrich(message.WrittenSpan, clientJson);
        viaString.Sequence = 42;
        var expected = LedgerRecordJson.ToJson(viaString);

        var output = StartLine(lines, viaUtf8.Id);
        lines.WriteAfterSequence(output, viaUtf8, message.WrittenSpan);
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));

        // The ingest path: decoded into fields, enriched into fields (keywords in the thread's scratch), written at once.
        var ingestMessage = new ByteBufferWriter(64);
        Assert.True(decoder.TryDecodeFields(frame, Context, ingestMessage, out var fields, out reason), reason);
        Assert.Equal(clientJson, fields.ClientJson);
        Span<byte> md5 = stackalloc byte[Md5.HashSizeInBytes];
        Md5.HashData(ingestMessage.WrittenSpan, md5);
        var metadata = Enricher.EnrichFields(ingestMessage.WrittenSpan, System.Runtime.InteropServices.MemoryMarshal.Read<UInt128>(md5), fields.ClientJson);
        // A plain string Id stays in the frame (no string is made); the line must not tell.
        var viaFields = fields.IdUtf8 is { } idUtf8 ? StartLine(lines, frame.AsSpan()[idUtf8]) : StartLine(lines, fields.Id);
        lines.WriteAfterSequence(viaFields, fields, ingestMessage.WrittenSpan, metadata);
        Assert.Equal(expected, Encoding.UTF8.GetString(viaFields.WrittenSpan));
    }

    /// <summary>A line up to and including its Sequence (42).</summary>
    private static ByteBufferWriter StartLine(JournalLineWriter lines, string id)
    {
        var output = new ByteBufferWriter(64);
        lines.WriteStartAndId(output, id);
        return EndWithSequence(output);
    }

    /// <summary>A line up to and including its Sequence (42), for the Id with this UTF-8.</summary>
    private static ByteBufferWriter StartLine(JournalLineWriter lines, ReadOnlySpan<byte> idUtf8)
    {
        var output = new ByteBufferWriter(64);
        lines.WriteStartAndId(output, idUtf8);
        return EndWithSequence(output);
    }

    private static ByteBufferWriter EndWithSequence(ByteBufferWriter output)
    {
        output.Write(LedgerRecordJson.SequencePrefix);
        Utf8Formatter.TryFormat(42L, output.GetSpan(20), out var digits);
        output.Advance(digits);
        return output;
    }

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
