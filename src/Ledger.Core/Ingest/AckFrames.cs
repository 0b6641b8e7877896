using System.Text.Json;
using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>
/// Replies owed to acknowledged (ROUTER) peers, as the frames to send: for each, the peer's routing id, whether an
/// empty delimiter frame goes first (a REQ peer), and the JSON payload
/// <c>{"Id","Sequence","Status":"stored"|"duplicate"|"rejected","Error"}</c>.
/// </summary>
/// <remarks>
/// All of them in one buffer that is cleared and reused: no object per ack. An object per ack (the reply, the Id as a
/// string, the routing id as an array, then a JSON writer and its arrays on the sending thread) came to ~1 KB a
/// message, which at 20,000 acked messages a second filled the young generation every second or so, and each
/// collection stopped every thread for 1–3 ms (that turned out not to be what set the p99: docs/PERFORMANCE.md,
/// eighteenth session).
/// </remarks>
public sealed class AckFrames
{
    // Each ack's routing id and then its payload, back to back in _bytes; where they are, in _entries.
    private readonly ByteBufferWriter _bytes = new(4096);
    private readonly List<Entry> _entries = [];
    private Utf8JsonWriter? _rejectWriter;

    /// <summary>Acks held.</summary>
    public int Count => _entries.Count;

    /// <summary>The routing id frame of ack <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> RoutingId(int index)
    {
        var entry = _entries[index];
        return _bytes.WrittenSpan.Slice(entry.Start, entry.RoutingLength);
    }

    /// <summary>Whether ack <paramref name="index"/> goes to a REQ peer: an empty delimiter frame before the payload.</summary>
    public bool ReplyWithDelimiter(int index) => _entries[index].Delimiter;

    /// <summary>The JSON payload of ack <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Payload(int index)
    {
        var entry = _entries[index];
        return _bytes.WrittenSpan.Slice(entry.Start + entry.RoutingLength, entry.PayloadLength);
    }

    /// <summary>Adds a stored or duplicate ack.</summary>
    /// <param name="routingId">The peer's routing id frame.</param>
    /// <param name="replyWithDelimiter">The peer is REQ.</param>
    /// <param name="startAndId">
    /// <c>{"Id":"…"</c> exactly as the journal line starts (<see cref="JournalLineWriter.WriteStartAndId(ByteBufferWriter, ReadOnlySpan{byte})"/>):
    /// the Id already escaped as the journal's JSON options escape it, so it is not made a string to be written again.
    /// </param>
    /// <param name="sequence">The record's Sequence (the original one for a duplicate).</param>
    /// <param name="status"><see cref="AckStatus.Stored"/> or <see cref="AckStatus.Duplicate"/>.</param>
    public void Add(ReadOnlySpan<byte> routingId, bool replyWithDelimiter, ReadOnlySpan<byte> startAndId, long sequence, AckStatus status)
    {
        ArgumentOutOfRangeException.ThrowIfEqual((int)status, (int)AckStatus.Rejected);
        var start = _bytes.WrittenCount;
        _bytes.Write(routingId);
        _bytes.Write(startAndId);
        _bytes.Write(LedgerRecordJson.SequencePrefix);
        _bytes.WriteNumber(sequence);
        _bytes.Write(status == AckStatus.Stored ? ",\"Status\":\"stored\",\"Error\":null}"u8 : ",\"Status\":\"duplicate\",\"Error\":null}"u8);
        _entries.Add(new Entry(start, routingId.Length, _bytes.WrittenCount - start - routingId.Length, replyWithDelimiter));
    }

    /// <summary>Adds a rejected ack (no Sequence), with the Id when the frame carried one and the reason.</summary>
    public void AddRejected(ReadOnlySpan<byte> routingId, bool replyWithDelimiter, string? id, string error)
    {
        var start = _bytes.WrittenCount;
        _bytes.Write(routingId);
        // Rare, and its Id comes unescaped from a broken frame: the runtime's writer, made once, with the journal's options.
        var writer = _rejectWriter ??= new Utf8JsonWriter(_bytes, LedgerRecordJson.WriterOptions);
        writer.Reset(_bytes);
        writer.WriteStartObject();
        if (id is null)
        {
            writer.WriteNull("Id"u8);
        }
        else
        {
            writer.WriteString("Id"u8, id);
        }
        writer.WriteNull("Sequence"u8);
        writer.WriteString("Status"u8, "rejected"u8);
        writer.WriteString("Error"u8, error);
        writer.WriteEndObject();
        writer.Flush();
        _entries.Add(new Entry(start, routingId.Length, _bytes.WrittenCount - start - routingId.Length, replyWithDelimiter));
    }

    /// <summary>Appends every ack of <paramref name="other"/> (the journal thread handing a durable batch's acks on).</summary>
    public void AddFrom(AckFrames other)
    {
        var offset = _bytes.WrittenCount;
        _bytes.Write(other._bytes.WrittenSpan);
        foreach (var entry in other._entries)
        {
            _entries.Add(entry with { Start = offset + entry.Start });
        }
    }

    /// <summary>Empties the acks for reuse.</summary>
    public void Clear()
    {
        _bytes.Clear();
        _entries.Clear();
    }

    private readonly record struct Entry(int Start, int RoutingLength, int PayloadLength, bool Delimiter);
}
