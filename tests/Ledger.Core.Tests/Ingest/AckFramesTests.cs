using System.Text.Json;
using Ledger.Core.Ingest;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Ingest;

public sealed class AckFramesTests
{
    public static TheoryData<string> Ids => new()
    {
        "m-1",
        "with \"quotes\" and \\ backslash",
        "ctl \u0001\t\n end",
        "café-ü-データ",
        "rocket 🚀 </script> & <b>",
        new string('x', 5000),
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Add_IdFromTheLineStart_SameBytesAsTheRuntimesWriter(string id)
    {
        var acks = new AckFrames();
        foreach (var (sequence, status) in new[] { (1L, AckStatus.Stored), (long.MaxValue, AckStatus.Duplicate), (0L, AckStatus.Stored) })
        {
            acks.Add([1, 2, 3], false, LineStart(id), sequence, status);
        }

        Assert.Equal(3, acks.Count);
        Assert.Equal(Reference(id, 1, "stored", null), acks.Payload(0).ToArray());
        Assert.Equal(Reference(id, long.MaxValue, "duplicate", null), acks.Payload(1).ToArray());
        Assert.Equal(Reference(id, 0, "stored", null), acks.Payload(2).ToArray());
        Assert.All(ParsedAck.All(acks), a => Assert.Equal(id, a.Id));
    }

    [Theory]
    [InlineData("m-7", "missing field Message")]
    [InlineData(null, "not JSON: 'x' is an invalid start of a value")]
    [InlineData("é\"", "reason with \"quotes\" \u0002")]
    public void AddRejected_IdOrNone_SameBytesAsTheRuntimesWriter(string? id, string error)
    {
        var acks = new AckFrames();
        acks.AddRejected([9], true, id, error);
        acks.AddRejected([9], true, id, error);

        Assert.Equal(Reference(id, null, "rejected", error), acks.Payload(0).ToArray());
        Assert.Equal(acks.Payload(0).ToArray(), acks.Payload(1).ToArray());
    }

    [Fact]
    public void Add_RejectedStatus_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AckFrames().Add([1], false, LineStart("m"), 1, AckStatus.Rejected));

    [Fact]
    public void AddFrom_ManyAcksPastTheFirstBuffer_EachRoutedAndReadBackInOrder()
    {
        // 3,000 acks of ~60 bytes outgrow the 4 KB the buffer starts with; routing ids of 0 to 255 bytes.
        var batch = new AckFrames();
        var expected = new List<ParsedAck>();
        for (var i = 0; i < 3000; i++)
        {
            var routing = Enumerable.Range(0, i % 256).Select(b => (byte)(b + i)).ToArray();
            var delimiter = i % 3 == 0;
            if (i % 7 == 0)
            {
                batch.AddRejected(routing, delimiter, $"m-{i}", "bad");
                expected.Add(new ParsedAck(Convert.ToHexString(routing), delimiter, $"m-{i}", null, "rejected", "bad"));
            }
            else
            {
                batch.Add(routing, delimiter, LineStart($"m-{i}"), i, AckStatus.Stored);
                expected.Add(new ParsedAck(Convert.ToHexString(routing), delimiter, $"m-{i}", i, "stored", null));
            }
        }
        var pending = new AckFrames();
        pending.Add([7], true, LineStart("before"), 5, AckStatus.Duplicate);

        pending.AddFrom(batch);
        pending.AddFrom(batch);

        var read = ParsedAck.All(pending);
        Assert.Equal(new ParsedAck("07", true, "before", 5, "duplicate", null), read[0]);
        Assert.Equal(expected.Concat(expected), read.Skip(1));
    }

    [Fact]
    public void Clear_AfterAcks_EmptyAndReusable()
    {
        var acks = new AckFrames();
        acks.Add([1], false, LineStart("a"), 1, AckStatus.Stored);
        acks.AddRejected([2], false, null, "x");

        acks.Clear();
        acks.Add([3], true, LineStart("b"), 2, AckStatus.Stored);

        Assert.Equal([new ParsedAck("03", true, "b", 2, "stored", null)], ParsedAck.All(acks));
    }

    /// <summary><c>{"Id":"…"</c> as the journal line starts.</summary>
    private static byte[] LineStart(string id)
    {
        var line = new ByteBufferWriter(64);
        using var writer = new JournalLineWriter();
        writer.WriteStartAndId(line, id);
        return line.WrittenSpan.ToArray();
    }

    /// <summary>The ack as the runtime's JSON writer makes it with the journal's options (what the daemon sent before acks were bytes).</summary>
    private static byte[] Reference(string? id, long? sequence, string status, string? error)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, LedgerRecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Id", id);
            if (sequence is { } value)
            {
                writer.WriteNumber("Sequence", value);
            }
            else
            {
                writer.WriteNull("Sequence");
            }
            writer.WriteString("Status", status);
            writer.WriteString("Error", error);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
