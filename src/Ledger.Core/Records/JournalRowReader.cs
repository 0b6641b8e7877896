using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Ledger.Core.Records;

/// <summary>Reads a journal line (our own output format) into a <see cref="JournalRow"/> whose strings stay UTF-8.</summary>
/// <remarks>
/// Strict about the shape it wrote; unknown top-level properties are skipped for forward compatibility. A line is
/// refused exactly where <see cref="Utf8JsonReader.GetString"/> would fail on one of its strings (wrong token type,
/// invalid UTF-8, an escaped lone surrogate), with the same message, so records and rows agree on every line.
/// </remarks>
internal static class JournalRowReader
{
    // One client-metadata writer per thread, reset per line: a new writer and buffer per line cost more than the
    // rest of the metadata. Thread-static because export and tools parse on several threads.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_clientBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_clientWriter;

    /// <summary>Reads <paramref name="line"/>, appending its strings to <paramref name="buffer"/>; a refused line leaves the buffer as it was.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, JournalRowBuffer buffer, out JournalRow row, out string? error)
        => TryRead(line, buffer, canonicalFirst: true, out row, out error);

    /// <summary>
    /// Like <see cref="TryRead(ReadOnlySpan{byte}, JournalRowBuffer, out JournalRow, out string?)"/>; with
    /// <paramref name="canonicalFirst"/> false every line takes the general path (tests compare the two).
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> line, JournalRowBuffer buffer, bool canonicalFirst, out JournalRow row, out string? error)
    {
        row = default;
        var byteMark = buffer.Bytes.WrittenCount;
        var elementMark = buffer.ElementCount;
        if (canonicalFirst)
        {
            if (CanonicalLineScanner.TryScan(line, buffer, ref row))
            {
                error = null;
                return true;
            }
            buffer.Truncate(byteMark, elementMark);
            row = default;
        }
        try
        {
            if (Read(line, buffer, ref row, out error))
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            error = ex.Message;
        }
        buffer.Truncate(byteMark, elementMark);
        return false;
    }

    private static bool Read(ReadOnlySpan<byte> line, JournalRowBuffer buffer, ref JournalRow row, out string? error)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 128 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "line is not a JSON object";
            return false;
        }
        ref var strings = ref row.Strings;
        for (var i = 0; i < JournalRowStrings.Count; i++)
        {
            strings[i] = Utf8Slice.Null;
        }
        DateTime? timestamp = null, receivedAt = null;
        var hasMetadata = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            // Byte-wise name matching: a string per property name cost ~25 strings a line.
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("Id"u8): Set(ref row, JournalStringField.Id, ref reader, buffer); break;
                case 5 when name.SequenceEqual("Topic"u8): Set(ref row, JournalStringField.Topic, ref reader, buffer); break;
                case 6 when name.SequenceEqual("Source"u8): Set(ref row, JournalStringField.Source, ref reader, buffer); break;
                case 7 when name.SequenceEqual("Message"u8): Set(ref row, JournalStringField.Message, ref reader, buffer); break;
                case 8 when name.SequenceEqual("Sequence"u8): row.Sequence = reader.GetInt64(); break;
                case 8 when name.SequenceEqual("Receiver"u8): Set(ref row, JournalStringField.Receiver, ref reader, buffer); break;
                case 8 when name.SequenceEqual("Metadata"u8): hasMetadata = ReadMetadata(ref reader, line, buffer, ref row); break;
                case 9 when name.SequenceEqual("Timestamp"u8): timestamp = ReadTimestamp(ref reader); break;
                case 9 when name.SequenceEqual("ContextId"u8): Set(ref row, JournalStringField.ContextId, ref reader, buffer); break;
                case 10 when name.SequenceEqual("ReceivedAt"u8): receivedAt = ReadTimestamp(ref reader); break;
                case 11 when name.SequenceEqual("SpeakerName"u8): Set(ref row, JournalStringField.SpeakerName, ref reader, buffer); break;
                case 11 when name.SequenceEqual("SpeakerRole"u8): Set(ref row, JournalStringField.SpeakerRole, ref reader, buffer); break;
                case 11 when name.SequenceEqual("MessageType"u8): Set(ref row, JournalStringField.MessageType, ref reader, buffer); break;
                case 11 when name.SequenceEqual("CausationId"u8): Set(ref row, JournalStringField.CausationId, ref reader, buffer); break;
                case 13 when name.SequenceEqual("CorrelationId"u8): Set(ref row, JournalStringField.CorrelationId, ref reader, buffer); break;
                case 16 when name.SequenceEqual("ConversationType"u8): row.ConversationType = reader.GetInt32(); break;
                default: reader.Skip(); break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            error = "unexpected token " + reader.TokenType;
            return false;
        }
        if (row[JournalStringField.Id].IsNull || row[JournalStringField.SpeakerName].IsNull || row[JournalStringField.Message].IsNull
            || timestamp is null || receivedAt is null || row[JournalStringField.Source].IsNull)
        {
            error = "missing a required field (Id, Timestamp, ReceivedAt, SpeakerName, Message, Source)";
            return false;
        }
        row.Timestamp = timestamp.Value;
        row.ReceivedAt = receivedAt.Value;
        if (!hasMetadata)
        {
            ApplyMetadataDefaults(ref row, buffer);
            row.ShlTags = row.Keywords = new Range(buffer.ElementCount, buffer.ElementCount);
            row.Consolidated = false;
            row.OriginalMessageCount = 1;
        }
        error = null;
        return true;
    }

    /// <summary>The property name's bytes; our writer never escapes names, anyone else's escapes are undone.</summary>
    private static ReadOnlySpan<byte> Name(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    private static void Set(ref JournalRow row, JournalStringField field, ref Utf8JsonReader reader, JournalRowBuffer buffer) =>
        row.Strings[(int)field] = CopyString(ref reader, buffer);

    /// <summary>Appends the current string token's unescaped UTF-8; <see cref="Utf8Slice.Null"/> for JSON null.</summary>
    /// <exception cref="InvalidOperationException">Not a string, or not valid text: exactly what <see cref="Utf8JsonReader.GetString"/> throws.</exception>
    private static Utf8Slice CopyString(ref Utf8JsonReader reader, JournalRowBuffer buffer)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return Utf8Slice.Null;
        }
        var output = buffer.Bytes;
        var start = output.WrittenCount;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (Utf8.IsValid(reader.ValueSpan))
            {
                output.Write(reader.ValueSpan);
                return new Utf8Slice(start, reader.ValueSpan.Length);
            }
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            // Unescaping never lengthens UTF-8; CopyString throws on an escaped lone surrogate, like GetString.
            var maxLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            var length = reader.CopyString(output.GetSpan(maxLength));
            output.Advance(length);
            if (Utf8.IsValid(output.WrittenSpan.Slice(start, length)))
            {
                return new Utf8Slice(start, length);
            }
        }
        // A wrong token type or invalid UTF-8: let the reader throw its own exception, so the error reads as before.
        reader.GetString();
        throw new InvalidOperationException("Cannot read the value as UTF-8 text.");
    }

    /// <summary>Our own <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> by hand (DateTime.Parse was ~0.3 µs each); any other form through DateTime.Parse.</summary>
    private static DateTime? ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && IsJournalLayout(reader.ValueSpan) && IsoTimestampUtf8.TryParse(reader.ValueSpan, out var utc))
        {
            return utc;
        }
        var text = reader.GetString();
        return text is null ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Exactly <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>: three fraction digits, so the fast parser loses no precision.</summary>
    private static bool IsJournalLayout(ReadOnlySpan<byte> utf8) =>
        utf8.Length == IsoTimestampUtf8.Length && utf8[19] == '.' && utf8[23] == 'Z';

    /// <summary>Reads the Metadata object into the row; false for JSON null (the row then takes the defaults).</summary>
    internal static bool ReadMetadata(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, JournalRowBuffer buffer, ref JournalRow row)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            // A later Metadata replaces an earlier one whole, as it replaced the record's.
            row.Strings[(int)JournalStringField.ChainType] = row.Strings[(int)JournalStringField.AceTier] = Utf8Slice.Null;
            row.Strings[(int)JournalStringField.ContentHash] = row.Strings[(int)JournalStringField.ClientJson] = Utf8Slice.Null;
            return false;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Metadata is not an object");
        }
        ref var strings = ref row.Strings;
        strings[(int)JournalStringField.ChainType] = strings[(int)JournalStringField.AceTier] = Utf8Slice.Null;
        strings[(int)JournalStringField.ContentHash] = strings[(int)JournalStringField.ClientJson] = Utf8Slice.Null;
        var empty = new Range(buffer.ElementCount, buffer.ElementCount);
        row.ShlTags = row.Keywords = empty;
        row.Consolidated = false;
        row.OriginalMessageCount = 1;
        Utf8JsonWriter? clientWriter = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            if (name.SequenceEqual("chain_type"u8)) { strings[(int)JournalStringField.ChainType] = CopyString(ref reader, buffer); }
            else if (name.SequenceEqual("ace_tier"u8)) { strings[(int)JournalStringField.AceTier] = CopyString(ref reader, buffer); }
            else if (name.SequenceEqual("shl_tags"u8)) { row.ShlTags = ReadStrings(ref reader, buffer); }
            else if (name.SequenceEqual("consolidated"u8)) { row.Consolidated = reader.GetBoolean(); }
            else if (name.SequenceEqual("original_message_count"u8)) { row.OriginalMessageCount = reader.GetInt32(); }
            else if (name.SequenceEqual("keywords"u8)) { row.Keywords = ReadStrings(ref reader, buffer); }
            else if (name.SequenceEqual("content_hash"u8)) { strings[(int)JournalStringField.ContentHash] = CopyString(ref reader, buffer); }
            else
            {
                if (clientWriter is null)
                {
                    clientWriter = ClientWriter();
                    clientWriter.WriteStartObject();
                }
                clientWriter.WritePropertyName(name);
                // Copy the value's bytes as they are (already valid JSON from our own writer): no DOM per record.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                clientWriter.WriteRawValue(line[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }
        }
        if (clientWriter is not null)
        {
            clientWriter.WriteEndObject();
            clientWriter.Flush();
            var start = buffer.Bytes.WrittenCount;
            buffer.Bytes.Write(t_clientBuffer!.WrittenSpan);
            strings[(int)JournalStringField.ClientJson] = new Utf8Slice(start, t_clientBuffer.WrittenCount);
        }
        ApplyMetadataDefaults(ref row, buffer);
        return true;
    }

    /// <summary>ChainType "other", AceTier "E" and ContentHash "" where the line has none (absent or null), as in <see cref="RecordMetadata"/>.</summary>
    private static void ApplyMetadataDefaults(ref JournalRow row, JournalRowBuffer buffer)
    {
        ref var strings = ref row.Strings;
        if (strings[(int)JournalStringField.ChainType].IsNull)
        {
            strings[(int)JournalStringField.ChainType] = Append(buffer, "other"u8);
        }
        if (strings[(int)JournalStringField.AceTier].IsNull)
        {
            strings[(int)JournalStringField.AceTier] = Append(buffer, "E"u8);
        }
        if (strings[(int)JournalStringField.ContentHash].IsNull)
        {
            strings[(int)JournalStringField.ContentHash] = new Utf8Slice(buffer.Bytes.WrittenCount, 0);
        }
    }

    private static Utf8Slice Append(JournalRowBuffer buffer, ReadOnlySpan<byte> text)
    {
        var start = buffer.Bytes.WrittenCount;
        buffer.Bytes.Write(text);
        return new Utf8Slice(start, text.Length);
    }

    private static Utf8JsonWriter ClientWriter()
    {
        if (t_clientWriter is null)
        {
            t_clientBuffer = new ArrayBufferWriter<byte>(256);
            t_clientWriter = new Utf8JsonWriter(t_clientBuffer, LedgerRecordJson.WriterOptions);
        }
        t_clientBuffer!.ResetWrittenCount();
        t_clientWriter.Reset(t_clientBuffer);
        return t_clientWriter;
    }

    /// <summary>An array of strings as a range of the buffer's elements; a null element reads as "".</summary>
    private static Range ReadStrings(ref Utf8JsonReader reader, JournalRowBuffer buffer)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of strings");
        }
        var first = buffer.ElementCount;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var slice = CopyString(ref reader, buffer);
            var start = slice.IsNull ? buffer.Bytes.WrittenCount : slice.Start;
            buffer.AddElement(new Range(start, start + Math.Max(slice.Length, 0)));
        }
        return new Range(first, buffer.ElementCount);
    }
}
