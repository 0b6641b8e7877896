using System.Text;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

/// <summary>The canonical scanner may only accept what the general path accepts, and must read it the same way.</summary>
public sealed class CanonicalLineScannerTests
{
    private const string Head = "{\"Id\":\"a\",\"Sequence\":7,\"Timestamp\":\"2025-12-01T17:09:21.123Z\",\"ReceivedAt\":\"2025-12-01T17:09:21.456Z\","
        + "\"SpeakerName\":\"s\",\"SpeakerRole\":null,\"Receiver\":null,\"MessageType\":null,\"Message\":\"m\",\"ConversationType\":0,"
        + "\"ContextId\":null,\"CorrelationId\":null,\"CausationId\":null,\"Source\":\"pull\",\"Topic\":null,";

    [Fact]
    public void TryRead_RandomJournalLines_ScannerUsedForEveryUnescapedLineAndSameRowsAsGeneralPath()
    {
        var random = new Random(41);
        var scanned = 0;
        for (var i = 1; i <= 3_000; i++)
        {
            // Half the lines with text that needs escapes, half plain (non-ASCII included, client metadata as random;
            // the journal writes emoji as \u escapes, so plain text here has none).
            var record = RandomRecords.Next(random, i);
            if (i % 2 == 0)
            {
                record = new LedgerRecord
                {
                    Id = record.Id, Sequence = -i, Timestamp = record.Timestamp, ReceivedAt = record.ReceivedAt,
                    SpeakerName = record.SpeakerName, SpeakerRole = record.SpeakerRole, Receiver = "naïve 日本語",
                    MessageType = null, Message = $"plain text {i} naïve 日本語 <html>&'", ConversationType = -i % 3,
                    ContextId = record.ContextId, Source = record.Source, Topic = i % 4 == 0 ? null : "agents.chat", Metadata = record.Metadata,
                };
            }
            var line = Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(record));
            var topLevel = line.AsSpan(0, line.AsSpan().IndexOf("\"Metadata\":"u8));
            var buffer = new JournalRowBuffer(64);
            var row = default(JournalRow);

            var accepted = CanonicalLineScanner.TryScan(line, buffer, ref row);

            // Only an escape in a top-level string sends one of our own lines to the general path.
            Assert.Equal(!topLevel.Contains((byte)'\\'), accepted);
            scanned += accepted ? 1 : 0;
            AssertSameAsGeneralPath(line);
        }
        Assert.True(scanned >= 1_500, $"only {scanned} lines took the scanner");
    }

    [Fact]
    public void TryRead_MutatedLines_SameAcceptanceErrorAndRowAsGeneralPath()
    {
        var random = new Random(43);
        byte[] interesting = "\"\\,:{}[]0123456789-+.eEnul \t"u8.ToArray().Concat(new byte[] { 0x01, 0x1F, 0x7F, 0xC3, 0x80, 0xFF, (byte)'a', (byte)'Z' }).ToArray();
        for (var i = 1; i <= 12_000; i++)
        {
            var record = i % 2 == 0 ? RandomRecords.Next(random, i) : SomeRecord.With(i, message: "plain text " + i);
            var line = Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(record)).ToList();
            for (var m = random.Next(1, 4); m > 0 && line.Count > 1; m--)
            {
                var at = random.Next(line.Count);
                switch (random.Next(4))
                {
                    case 0: line[at] = interesting[random.Next(interesting.Length)]; break;
                    case 1: line.RemoveAt(at); break;
                    case 2: line.Insert(at, interesting[random.Next(interesting.Length)]); break;
                    default: line.RemoveRange(at, line.Count - at); break;
                }
            }
            AssertSameAsGeneralPath([.. line]);
        }
    }

    [Theory]
    [InlineData("\"Sequence\":7,", "\"Sequence\":07,")]
    [InlineData("\"Sequence\":7,", "\"Sequence\":-0,")]
    [InlineData("\"Sequence\":7,", "\"Sequence\":+7,")]
    [InlineData("\"Sequence\":7,", "\"Sequence\":7.0,")]
    [InlineData("\"Sequence\":7,", "\"Sequence\":7e2,")]
    [InlineData("\"Sequence\":7,", "\"Sequence\":9223372036854775808,")]
    [InlineData("\"Sequence\":7,", "\"Sequence\":-9223372036854775808,")]
    [InlineData("\"ConversationType\":0,", "\"ConversationType\":2147483648,")]
    [InlineData("\"ConversationType\":0,", "\"ConversationType\":-2147483648,")]
    [InlineData("\"ConversationType\":0,", "\"ConversationType\":\"0\",")]
    [InlineData("\"Timestamp\":\"2025-12-01T17:09:21.123Z\"", "\"Timestamp\":\"2025-02-30T17:09:21.123Z\"")]
    [InlineData("\"Timestamp\":\"2025-12-01T17:09:21.123Z\"", "\"Timestamp\":\"2025-12-01T17:09:21.123+00:00\"")]
    [InlineData("\"Timestamp\":\"2025-12-01T17:09:21.123Z\"", "\"Timestamp\":null")]
    [InlineData("\"Message\":\"m\"", "\"Message\":null")]
    [InlineData("\"Message\":\"m\"", "\"Message\":\"\"")]
    [InlineData("\"Message\":\"m\"", "\"Message\":\"tab\there\"")]
    [InlineData("\"Message\":\"m\"", "\"Message\":\"m\\")]
    [InlineData("\"Message\":\"m\"", "\"Message\":\"m\u0001")]
    [InlineData("\"Message\":\"m\"", "\"Message\":\"m\\\"")]
    [InlineData("\"Id\":\"a\"", "\"Id\":\"a\\")]
    [InlineData("\"SpeakerRole\":null", "\"SpeakerRole\":nul")]
    [InlineData("\"SpeakerRole\":null", "\"SpeakerRole\":nullx")]
    [InlineData("\"SpeakerRole\":null", "\"SpeakerRole\" : null")]
    [InlineData("\"Topic\":null,", "\"Topic\":null,\"Extra\":1,")]
    public void TryRead_EdgeValues_SameAsGeneralPath(string original, string replacement)
    {
        foreach (var metadata in new[] { "\"Metadata\":{}}", "\"Metadata\":{\"chain_type\":\"x\",\"k\":[1,{\"a\":null}]}}" })
        {
            var line = Head.Replace(original, replacement) + metadata;
            Assert.Contains(replacement, line);
            AssertSameAsGeneralPath(Encoding.UTF8.GetBytes(line));
        }
    }

    [Theory]
    [InlineData("}")]
    [InlineData("} ")]
    [InlineData("}\r")]
    [InlineData("}x")]
    [InlineData("}}")]
    [InlineData("")]
    public void TryRead_AfterTheMetadataObject_SameAsGeneralPath(string tail)
    {
        AssertSameAsGeneralPath(Encoding.UTF8.GetBytes(Head + "\"Metadata\":{\"k\":1}" + tail));
    }

    [Theory]
    [InlineData(120)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    public void TryRead_DeeplyNestedClientValue_SameAsGeneralPath(int depth)
    {
        var value = new string('[', depth) + new string(']', depth);
        AssertSameAsGeneralPath(Encoding.UTF8.GetBytes(Head + "\"Metadata\":{\"k\":" + value + "}}"));
    }

    private static void AssertSameAsGeneralPath(byte[] line)
    {
        var fastBuffer = new JournalRowBuffer(16);
        var generalBuffer = new JournalRowBuffer(16);
        var fast = JournalRowReader.TryRead(line, fastBuffer, canonicalFirst: true, out var fastRow, out var fastError);
        var general = JournalRowReader.TryRead(line, generalBuffer, canonicalFirst: false, out var generalRow, out var generalError);

        var text = Encoding.UTF8.GetString(line);
        Assert.True(general == fast, $"accepted {fast} by the scanner path, {general} by the general path: {text}");
        Assert.Equal(generalError, fastError);
        if (general)
        {
            Assert.Equal(Describe(in generalRow, generalBuffer), Describe(in fastRow, fastBuffer));
        }
        else
        {
            Assert.Equal(0, fastBuffer.Bytes.WrittenCount);
            Assert.Equal(0, fastBuffer.ElementCount);
        }
    }

    /// <summary>Every value of a row as text (raw client JSON included, so any depth compares).</summary>
    private static string Describe(in JournalRow row, JournalRowBuffer buffer)
    {
        var text = new StringBuilder();
        text.Append($"{row.Sequence}|{row.Timestamp:O}|{row.ReceivedAt:O}|{row.ConversationType}|{row.Consolidated}|{row.OriginalMessageCount}");
        for (var field = 0; field < JournalRowStrings.Count; field++)
        {
            var slice = row.Strings[field];
            text.Append('|').Append(slice.IsNull ? "<null>" : Encoding.UTF8.GetString(buffer[slice]));
        }
        foreach (var list in new[] { row.ShlTags, row.Keywords })
        {
            text.Append("|[").AppendJoin(",", buffer.Elements[list].ToArray().Select(r => Encoding.UTF8.GetString(buffer.Bytes.WrittenSpan[r]))).Append(']');
        }
        return text.ToString();
    }

    [Theory]
    [InlineData("{\"Id\":\"a\",\"Sequence\":7,", true, 7)]
    [InlineData("{\"Id\":\"\",\"Sequence\":-12,\"rest is not looked at", true, -12)]
    [InlineData("{\"Id\":\"a\\\"b\",\"Sequence\":7,", false, 0)] // an escape in the Id
    [InlineData("{ \"Id\":\"a\",\"Sequence\":7,", false, 0)]
    [InlineData("{\"Sequence\":7,\"Id\":\"a\",", false, 0)]
    [InlineData("{\"Id\":\"a\",\"Sequence\":07,", false, 0)]
    [InlineData("{\"Id\":\"a\",\"Sequence\":7}", false, 0)]
    [InlineData("{\"Id\":\"a\",\"Sequence\":99999999999999999999,", false, 0)]
    [InlineData("{\"Id\":\"a", false, 0)]
    public void TryReadSequence_LineStart_SequenceOnlyInTheJournalsOwnLayout(string start, bool expected, long sequence)
    {
        var found = CanonicalLineScanner.TryReadSequence(Encoding.UTF8.GetBytes(start), out var read);

        Assert.Equal((expected, sequence), (found, read));
    }

    [Fact]
    public void TryReadSequence_RandomJournalLines_SameSequenceAsTheFullRead()
    {
        var random = new Random(43);
        for (var i = 1; i <= 500; i++)
        {
            var line = Encoding.UTF8.GetBytes(LedgerRecordJson.ToJson(RandomRecords.Next(random, i * 1_000_003)));

            Assert.True(CanonicalLineScanner.TryReadSequence(line, out var sequence));
            Assert.Equal(i * 1_000_003L, sequence);
        }
    }
}
