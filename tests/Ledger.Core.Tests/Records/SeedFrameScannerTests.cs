using System.Text;
using System.Text.Unicode;
using Ledger.Core.Ingest;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Records;

/// <summary>
/// The scanner must decode every frame it accepts exactly as the reader path does (same record, same Message bytes,
/// same client metadata), and hand everything else to that path, which then accepts or refuses it as before.
/// </summary>
public sealed class SeedFrameScannerTests
{
    private static readonly FrameContext Context = new("pull", "topic", new DateTime(2025, 12, 1, 17, 9, 21, 456, DateTimeKind.Utc));

    private const string Seed =
        """{"Id":"m-000000000042","Timestamp":"2025-12-01T17:09:21.123Z","SpeakerName":"claude_code","SpeakerRole":"Agent","Message":"The lease service refactor is done; tests pass.","ConversationType":0,"ContextId":"ctx-7","Metadata":{"run":"bench"}}""";

    public static TheoryData<string> ScannedFrames => new()
    {
        Seed,
        // Python's json.dumps separators.
        """{"Id": "a", "SpeakerName": "b", "Message": "c", "ConversationType": 3, "Metadata": {"k": "v", "n": 5}}""",
        """{"SpeakerName":"a","Message":"line\nbreak, \"quoted\", tab\t, \\ and \u00e9 and \ud83d\ude80"}""",
        """{"SpeakerName":"größe","Message":"データ 🚀","Receiver":null,"MessageType":null}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{}}""",
        """{"SpeakerName":"a","Message":"x","Metadata":null,"Timestamp":null,"ConversationType":null}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{"t":true,"f":false,"z":null,"neg":-12,"zero":0,"a<b":"c&d"}}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{"dup":1,"dup":2}}""",
        """{"SpeakerName":"a","Message":"x","ConversationType":-0,"CorrelationId":"c","CausationId":"d"}""",
        """{"SpeakerName":"a","Message":"","Id":"e"}""",
        """{"SpeakerName":"   ","Message":"blank speaker"}""",
        """{"SpeakerName":"a","Message":null}""",
        """{"SpeakerName":"a","Message":"x","ConversationType":123456789}""",
        """{"SpeakerName":"a","Message":"x","Timestamp":"2025-12-01T17:09:21+02:00"}""",
    };

    public static TheoryData<string> ReaderFrames => new()
    {
        """{"Id":42,"SpeakerName":"a","Message":"numeric id"}""",
        """{"SpeakerName":"a","Message":"first","Message":"duplicate"}""",
        """{"speaker_name":"a","message":"other spelling"}""",
        """{"SpeakerName":"a","Message":"x","Extra":1}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{"nested":{"a":1}}}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{"f":1.5}}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{"e":"caf\u00e9"}}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{"é":"v"}}""",
        """{"SpeakerName":"a","Message":"x","ConversationType":1234567890}""",
        """{"SpeakerName":"a","Message":"x","ConversationType":99999999999}""",
        """{"SpeakerName":"a","Message":"x","ConversationType":1.0}""",
        """{"SpeakerName":"a","Message":"x","ConversationType":01}""",
        """{"SpeakerName":"a","Message":"x","ConversationType":"1"}""",
        """{"SpeakerName":"a","Message":"x","Timestamp":"2025-12-01 17:09:21"}""",
        """{"SpeakerName":"a","Message":"x","Timestamp":"yesterday"}""",
        """{"SpeakerName":"a\u0062","Message":"escaped speaker"}""",
        """{"SpeakerName":"a","Message":"bad \ud800 escape"}""",
        """{"SpeakerName":"a","Message":"bad \x escape"}""",
        """{"SpeakerName":"a","Message":"x"} """,
        """{"SpeakerName":"a","Message":"x"}{}""",
        """{"SpeakerName":"a","Message":"x"}""" + "\n",
        "{\"SpeakerName\":\"a\",\n\"Message\":\"newline between members\"}",
        "{\"SpeakerName\":\"a\",\"Message\":\"raw\ttab\"}",
        "{\"SpeakerName\":\"a\",\"Message\":\"raw\u0001control\"}",
        """{"SpeakerName":"a","Message":"truncated""",
        """{"SpeakerName":"a","Message":"x",}""",
        """{"SpeakerName":"a","Message":"x","Metadata":{"k":"v",}}""",
        """{"SpeakerName":"a","Message":"x","Metadata":[]}""",
        """{"SpeakerName":"a","Message":["x"]}""",
        """{"SpeakerName":true,"Message":"x"}""",
        """{"SpeakerName":"a","Message":"x","Receiver":nul}""",
        """{"SpeakerName":"a","Message":"x","Receiver":nullx}""",
        """{"event_type":"x","source":{"origin":"bot"},"payload":{"message":"envelope"}}""",
        """{}""",
        """[]""",
        "",
    };

    [Theory]
    [MemberData(nameof(ScannedFrames))]
    public void TryScan_SeedShapedFrame_AcceptedAndDecodedAsTheReaderDoes(string json)
    {
        Assert.True(Scans(Encoding.UTF8.GetBytes(json)), "the scanner stepped aside for: " + json);
        AssertSameAsReader(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [MemberData(nameof(ReaderFrames))]
    public void TryScan_OtherFrame_LeftToTheReaderWithSameOutcome(string json)
    {
        var frame = Encoding.UTF8.GetBytes(json);
        Assert.False(Scans(frame), "the scanner took a frame it must leave to the reader: " + json);
        AssertSameAsReader(frame);
    }

    [Fact]
    public void TryDecode_MutatedFrames_ScannerAndReaderAgree()
    {
        // Byte-level mutations of seed frames: every accept, refusal and reason must be the same on both paths.
        var random = new Random(20261206);
        string[] bases = [Seed, .. ((IEnumerable<object[]>)ScannedFrames).Select(row => (string)row[0])];
        byte[] alphabet = "\"\\{}[],: 0123456789-.eEtrufalsn\nu\t"u8.ToArray();
        var scanned = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var frame = Encoding.UTF8.GetBytes(bases[random.Next(bases.Length)]).ToList();
            for (var m = random.Next(1, 3); m > 0 && frame.Count > 0; m--)
            {
                var at = random.Next(frame.Count);
                switch (random.Next(3))
                {
                    case 0: frame.RemoveAt(at); break;
                    case 1: frame.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: frame[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }
            var bytes = frame.ToArray();
            if (!Utf8.IsValid(bytes))
            {
                continue; // refused before either path runs
            }
            scanned += Scans(bytes) ? 1 : 0;
            AssertSameAsReader(bytes);
        }
        // The mutations must leave a good share of frames in the scanned shape, or this test proves little.
        Assert.InRange(scanned, 1_500, 20_000);
    }

    private static bool Scans(byte[] frame)
    {
        var fields = new DecodedFields { MessageUtf8 = new ByteBufferWriter(16), MessageUtf8Start = 0 };
        return SeedFrameScanner.TryScan(frame, ref fields, out _);
    }

    private static void AssertSameAsReader(byte[] frame)
    {
        var scanning = new MessageDecoder();
        var reading = new MessageDecoder { UseSeedScanner = false };
        var scannedText = new ByteBufferWriter(16);
        var readText = new ByteBufferWriter(16);
        scannedText.Write("earlier"u8);
        readText.Write("earlier"u8);

        var scannedOk = scanning.TryDecode(frame, Context, scannedText, out var scanned, out var scannedReason);
        var readOk = reading.TryDecode(frame, Context, readText, out var read, out var readReason);

        var json = Encoding.UTF8.GetString(frame);
        Assert.True(readOk == scannedOk, $"accepted by one path only ({readReason ?? scannedReason}): {json}");
        Assert.Equal(readReason, scannedReason);
        Assert.Equal(readText.WrittenSpan.ToArray(), scannedText.WrittenSpan.ToArray());
        if (!readOk)
        {
            return;
        }
        if (read!.Id != scanned!.Id)
        {
            // No Id in the frame: each decode assigns its own UUIDv7.
            Assert.True(Guid.TryParse(read.Id, out _) && Guid.TryParse(scanned.Id, out _), $"Ids differ: {read.Id} / {scanned.Id}");
            scanned = Clone(scanned, read.Id);
        }
        Assert.Equal(LedgerRecordJson.ToJson(read), LedgerRecordJson.ToJson(scanned));
    }

    private static LedgerRecord Clone(LedgerRecord record, string id) =>
        (RecordFields.Of(record) with { Id = id }).ToRecord(record.Metadata);
}
