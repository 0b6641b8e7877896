using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Ledger.Core.Records;

/// <summary>Reads a journal line (our own output format) back into a <see cref="LedgerRecord"/>.</summary>
/// <remarks>
/// The line is read by <see cref="JournalRowReader"/>, so records and Parquet rows accept and refuse the same lines;
/// this only turns the row's UTF-8 into strings.
/// </remarks>
internal static class LedgerRecordParser
{
    // Reset per line; thread-static because export and tools parse on several threads.
    [ThreadStatic]
    private static JournalRowBuffer? t_buffer;

    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out LedgerRecord? record, out string? error)
    {
        var buffer = t_buffer ??= new JournalRowBuffer(1024);
        buffer.Clear();
        if (!JournalRowReader.TryRead(line, buffer, out var row, out error))
        {
            record = null;
            return false;
        }
        record = ToRecord(in row, buffer);
        return true;
    }

    /// <summary>The record a row describes, every string decoded from the buffer.</summary>
    public static LedgerRecord ToRecord(in JournalRow row, JournalRowBuffer buffer)
    {
        var clientJson = row[JournalStringField.ClientJson];
        return new LedgerRecord
        {
            Id = Required(in row, JournalStringField.Id, buffer),
            Sequence = row.Sequence,
            Timestamp = row.Timestamp,
            ReceivedAt = row.ReceivedAt,
            SpeakerName = Required(in row, JournalStringField.SpeakerName, buffer),
            SpeakerRole = Optional(in row, JournalStringField.SpeakerRole, buffer),
            Receiver = Optional(in row, JournalStringField.Receiver, buffer),
            MessageType = Optional(in row, JournalStringField.MessageType, buffer),
            Message = Required(in row, JournalStringField.Message, buffer),
            ConversationType = row.ConversationType,
            ContextId = Optional(in row, JournalStringField.ContextId, buffer),
            CorrelationId = Optional(in row, JournalStringField.CorrelationId, buffer),
            CausationId = Optional(in row, JournalStringField.CausationId, buffer),
            Source = Required(in row, JournalStringField.Source, buffer),
            Topic = Optional(in row, JournalStringField.Topic, buffer),
            Metadata = new RecordMetadata
            {
                ChainType = Required(in row, JournalStringField.ChainType, buffer),
                AceTier = Required(in row, JournalStringField.AceTier, buffer),
                ShlTags = Strings(buffer, row.ShlTags),
                Consolidated = row.Consolidated,
                OriginalMessageCount = row.OriginalMessageCount,
                Keywords = Strings(buffer, row.Keywords),
                ContentHash = Required(in row, JournalStringField.ContentHash, buffer),
                ClientJson = clientJson.IsNull ? null : Encoding.UTF8.GetString(buffer[clientJson]),
            },
        };
    }

    private static string Required(in JournalRow row, JournalStringField field, JournalRowBuffer buffer) =>
        Encoding.UTF8.GetString(buffer[row[field]]);

    private static string? Optional(in JournalRow row, JournalStringField field, JournalRowBuffer buffer) =>
        row[field] is { IsNull: false } slice ? Encoding.UTF8.GetString(buffer[slice]) : null;

    private static IReadOnlyList<string> Strings(JournalRowBuffer buffer, Range elements)
    {
        var ranges = buffer.Elements[elements];
        if (ranges.IsEmpty)
        {
            return [];
        }
        var bytes = buffer.Bytes.WrittenSpan;
        var strings = new string[ranges.Length];
        for (var i = 0; i < ranges.Length; i++)
        {
            strings[i] = Encoding.UTF8.GetString(bytes[ranges[i]]);
        }
        return strings;
    }
}
