using System.Text;
using System.Text.Json;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

public sealed class JournalRowReaderTests
{
    private const string Required = "\"Id\":\"a\",\"Timestamp\":\"2025-12-01T17:09:21.123Z\",\"ReceivedAt\":\"2025-12-01T17:09:21.123Z\",\"Source\":\"pull\"";

    [Theory]
    [InlineData("plain ascii text")]
    [InlineData("naïve \"quoted\" text ✓ with\nnewline and \t tab")]
    [InlineData("emoji 😀 and <html> & 'quotes' \\ backslash")]
    [InlineData("日本語のテキスト")]
    public void TryRead_OwnOutput_EveryStringIsTheRecordsUtf8(string message)
    {
        var record = SomeRecord.With(7, message: message);
        record.Metadata = record.Metadata with { ShlTags = ["@Tier-A", "@Status-Ready"], Keywords = ["lease", "naïve"], ClientJson = "{\"k\":\"é\\\"\",\"n\":[1,{\"a\":null}]}" };
        var buffer = new JournalRowBuffer(16);
        buffer.Bytes.Write("earlier"u8);

        Assert.True(JournalRowReader.TryRead(Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(record)), buffer, out var row, out var error), error);

        Assert.Equal(message, Text(buffer, row[JournalStringField.Message]));
        Assert.Equal(record.Id, Text(buffer, row[JournalStringField.Id]));
        Assert.Equal(record.SpeakerName, Text(buffer, row[JournalStringField.SpeakerName]));
        Assert.Equal(record.Source, Text(buffer, row[JournalStringField.Source]));
        Assert.Equal(record.Metadata.ChainType, Text(buffer, row[JournalStringField.ChainType]));
        Assert.Equal(record.Metadata.ContentHash, Text(buffer, row[JournalStringField.ContentHash]));
        Assert.Equal(record.Metadata.ClientJson, Text(buffer, row[JournalStringField.ClientJson]));
        Assert.Equal(record.Metadata.ShlTags, Elements(buffer, row.ShlTags));
        Assert.Equal(record.Metadata.Keywords, Elements(buffer, row.Keywords));
        Assert.Equal((record.Sequence, record.Timestamp, record.ReceivedAt), (row.Sequence, row.Timestamp, row.ReceivedAt));
        Assert.Equal("earlier", Encoding.UTF8.GetString(buffer.Bytes.WrittenSpan[..7]));
        Assert.Equal(LedgerRecordJson.ToJson(record), LedgerRecordJson.ToJson(LedgerRecordParser.ToRecord(in row, buffer)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","Metadata":null""")]
    [InlineData(""","Metadata":{}""")]
    [InlineData(""","Metadata":{"chain_type":null,"ace_tier":null,"content_hash":null,"keywords":[null,"k"]}""")]
    [InlineData(""","Metadata":{"chain_type":"x","keywords":["a"]},"Metadata":null""")]
    public void TryRead_MetadataAbsentOrNull_TakesTheRecordDefaults(string metadata)
    {
        var line = Encoding.UTF8.GetBytes($$"""{{{Required}},"SpeakerName":"s","Message":"m"{{metadata}}}""");
        var buffer = new JournalRowBuffer(16);

        Assert.True(JournalRowReader.TryRead(line, buffer, out var row, out var error), error);

        Assert.Equal("other", Text(buffer, row[JournalStringField.ChainType]));
        Assert.Equal("E", Text(buffer, row[JournalStringField.AceTier]));
        Assert.Equal("", Text(buffer, row[JournalStringField.ContentHash]));
        Assert.True(row[JournalStringField.ClientJson].IsNull);
        Assert.Equal(1, row.OriginalMessageCount);
        Assert.Empty(Elements(buffer, row.ShlTags));
        Assert.Equal(metadata.Contains("[null,\"k\"]") ? ["", "k"] : [], Elements(buffer, row.Keywords));
    }

    [Theory]
    [InlineData("\"Message\":\"lone \\ud800 surrogate\"")]
    [InlineData("\"Message\":42")]
    [InlineData("\"Message\":null")]
    [InlineData("\"Message\":{\"a\":1}")]
    [InlineData("\"Message\":\"ok\",\"Sequence\":\"not a number\"")]
    [InlineData("\"Message\":\"ok\",\"Receiver\":true")]
    [InlineData("\"Message\":\"ok\",\"Topic\":\"\\udc00\"")]
    [InlineData("\"Message\":\"ok\",\"Metadata\":{\"keywords\":[\"a\",3]}")]
    [InlineData("\"Message\":\"ok\",\"Metadata\":{\"keywords\":\"a\"}")]
    [InlineData("\"Message\":\"ok\",\"Metadata\":{\"chain_type\":[\"x\"]}")]
    [InlineData("\"Message\":\"ok\",\"Metadata\":[]")]
    [InlineData("\"Message\":\"ok\",\"Timestamp\":null")]
    public void TryRead_BadValue_RefusedAndBufferUnchanged(string fields)
    {
        var line = Encoding.UTF8.GetBytes($$"""{{{Required}},"SpeakerName":"s",{{fields}}}""");
        var buffer = new JournalRowBuffer(16);
        buffer.Bytes.Write("kept"u8);
        buffer.AddElement(0..4);
        using (JsonDocument.Parse(line))
        {
            // well-formed JSON: the line is refused for its value, not its syntax
        }

        Assert.False(JournalRowReader.TryRead(line, buffer, out _, out var error));

        Assert.False(string.IsNullOrEmpty(error));
        Assert.Equal("kept", Encoding.UTF8.GetString(buffer.Bytes.WrittenSpan));
        Assert.Equal(1, buffer.ElementCount);
    }

    [Theory]
    [InlineData("Message", false)]
    [InlineData("Message", true)]
    [InlineData("SpeakerRole", false)]
    [InlineData("SpeakerRole", true)]
    public void TryRead_InvalidUtf8InAString_RefusedWithTheMessageGetStringGives(string field, bool escapedToo)
    {
        var text = Encoding.UTF8.GetBytes($$"""{{{Required}},"SpeakerName":"s","Message":"m","{{field}}":"bad XX here{{(escapedToo ? "\\n" : "")}}"}""");
        var at = text.AsSpan().IndexOf("XX"u8);
        text[at] = 0xC3;
        text[at + 1] = 0x28; // 0xC3 must be followed by a continuation byte
        var expected = GetStringError(text, field);

        Assert.False(JournalRowReader.TryRead(text, new JournalRowBuffer(16), out _, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryRead_DuplicateField_LastOneWins()
    {
        var line = Encoding.UTF8.GetBytes($$"""{{{Required}},"SpeakerName":"s","Message":"first","Message":"second \u00e9"}""");
        var buffer = new JournalRowBuffer(16);

        Assert.True(JournalRowReader.TryRead(line, buffer, out var row, out var error), error);

        Assert.Equal("second é", Text(buffer, row[JournalStringField.Message]));
    }

    [Fact]
    public void TryRead_ManyLinesIntoOneBuffer_EachRowKeepsItsOwnStrings()
    {
        var buffer = new JournalRowBuffer(16);
        var rows = new List<(JournalRow Row, LedgerRecord Record)>();
        for (var i = 1; i <= 200; i++)
        {
            var record = SomeRecord.With(i, message: new string('x', i) + " ✓");
            record.Metadata = record.Metadata with { Keywords = [.. Enumerable.Range(0, i % 5).Select(k => $"k{k}")], ClientJson = i % 3 == 0 ? $"{{\"n\":{i}}}" : null };
            Assert.True(JournalRowReader.TryRead(Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(record)), buffer, out var row, out _));
            rows.Add((row, record));
        }

        foreach (var (row, record) in rows)
        {
            Assert.Equal(LedgerRecordJson.ToJson(record), LedgerRecordJson.ToJson(LedgerRecordParser.ToRecord(in row, buffer)));
        }
    }

    private static string GetStringError(byte[] line, string field)
    {
        var reader = new Utf8JsonReader(line);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(field))
            {
                reader.Read();
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException ex)
                {
                    return ex.Message;
                }
            }
        }
        throw new InvalidOperationException("GetString did not fail");
    }

    private static string? Text(JournalRowBuffer buffer, Utf8Slice slice) => slice.IsNull ? null : Encoding.UTF8.GetString(buffer[slice]);

    private static List<string> Elements(JournalRowBuffer buffer, Range elements) =>
        [.. buffer.Elements[elements].ToArray().Select(r => Encoding.UTF8.GetString(buffer.Bytes.WrittenSpan[r]))];
}
