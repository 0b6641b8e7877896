using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Ledger.Core.Ingest;

namespace Ledger.Core.Records;

/// <summary>Turns one raw JSON frame into a <see cref="LedgerRecord"/> or a rejection reason (DESIGN.md §4).</summary>
/// <remarks>
/// One forward pass with <see cref="Utf8JsonReader"/> (<see cref="FrameObjectReader"/>): no DOM per message. On the
/// ingest path a flat seed-shaped frame, nearly every frame, is first tried by <see cref="SeedFrameScanner"/>, which
/// decodes it the same way without the reader's per-token cost. Bad input is data: every failure comes back as a human-readable reason for the dead
/// letter, never as an exception. Thread-safe; instances hold only immutable options.
/// </remarks>
public sealed class MessageDecoder
{
    private readonly DecoderOptions _options;
    private readonly JsonReaderOptions _readerOptions;

    /// <summary>Nesting the scanned shape reaches (the Metadata object inside the frame), with room to spare.</summary>
    private const int SeedScannerDepth = 3;

    /// <summary>
    /// Whether the ingest overload first tries <see cref="SeedFrameScanner"/>; tests turn it off to hold both paths to
    /// the same records and reasons.
    /// </summary>
    internal bool UseSeedScanner { get; init; } = true;

    public MessageDecoder(DecoderOptions? options = null)
    {
        _options = options ?? new DecoderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxMessageBytes, nameof(DecoderOptions.MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxDepth, nameof(DecoderOptions.MaxDepth));
        _readerOptions = new JsonReaderOptions { MaxDepth = _options.MaxDepth };
    }

    /// <summary>Decodes <paramref name="frame"/>; the record has Sequence 0 and only the client's metadata.</summary>
    public bool TryDecode(ReadOnlySpan<byte> frame, in FrameContext context,
        [NotNullWhen(true)] out LedgerRecord? record, [NotNullWhen(false)] out string? reason)
        => TryDecode(frame, context, null, out record, out reason);

    /// <summary>
    /// Like <see cref="TryDecode(ReadOnlySpan{byte}, in FrameContext, out LedgerRecord?, out string?)"/>, but when
    /// <paramref name="messageUtf8"/> is given the message text is appended there as UTF-8 (unescaped) and the
    /// record's <see cref="LedgerRecord.Message"/> is left empty.
    /// </summary>
    /// <remarks>
    /// For the ingest path, which hashes and journals the text as UTF-8: the message is most of a frame, and turning
    /// it into a string only to encode it back twice cost a copy each way and the largest allocation per message.
    /// A frame is accepted or refused exactly as without the buffer; on refusal the buffer is restored.
    /// </remarks>
    internal bool TryDecode(ReadOnlySpan<byte> frame, in FrameContext context, ByteBufferWriter? messageUtf8,
        [NotNullWhen(true)] out LedgerRecord? record, [NotNullWhen(false)] out string? reason)
    {
        if (!TryDecodeFields(frame, context, messageUtf8, out var fields, out reason))
        {
            record = null;
            return false;
        }
        if (fields.IdUtf8 is { } idUtf8)
        {
            fields = fields with { Id = System.Text.Encoding.UTF8.GetString(frame[idUtf8]), IdUtf8 = null };
        }
        record = fields.ToRecord(fields.ClientJson is { } clientJson ? ClientMetadata(clientJson) : RecordMetadata.Empty);
        return true;
    }

    /// <summary>
    /// Like <see cref="TryDecode(ReadOnlySpan{byte}, in FrameContext, ByteBufferWriter?, out LedgerRecord?, out string?)"/>,
    /// the fields as a value (the ingest path keeps a sub-range's on its stack; see <see cref="RecordFields"/>). With
    /// <paramref name="messageUtf8"/>, an Id that was a plain JSON string may be left in <paramref name="frame"/>
    /// (<see cref="RecordFields.IdUtf8"/>, with <see cref="RecordFields.Id"/> empty).
    /// </summary>
    internal bool TryDecodeFields(ReadOnlySpan<byte> frame, in FrameContext context, ByteBufferWriter? messageUtf8,
        out RecordFields fields, [NotNullWhen(false)] out string? reason)
    {
        var start = messageUtf8?.WrittenCount ?? 0;
        if (TryDecodeCore(frame, context, messageUtf8, start, out fields, out reason))
        {
            return true;
        }
        messageUtf8?.Truncate(start);
        return false;
    }

    private bool TryDecodeCore(ReadOnlySpan<byte> frame, in FrameContext context, ByteBufferWriter? messageUtf8, int messageStart,
        out RecordFields record, [NotNullWhen(false)] out string? reason)
    {
        record = default;
        if (frame.Length > _options.MaxMessageBytes)
        {
            reason = string.Create(CultureInfo.InvariantCulture,
                $"message is {frame.Length:N0} bytes, limit {_options.MaxMessageBytes:N0} (Ledger:Ingest:MaxMessageBytes)");
            return false;
        }
        var invalid = Utf8Validation.FindFirstInvalidByte(frame);
        if (invalid >= 0)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 at byte {invalid}");
            return false;
        }
        if (messageUtf8 is not null && UseSeedScanner && _options.MaxDepth >= SeedScannerDepth)
        {
            var scanned = new DecodedFields { MessageUtf8 = messageUtf8, MessageUtf8Start = messageStart };
            if (SeedFrameScanner.TryScan(frame, ref scanned, out var scannedClientJson))
            {
                return TryBuild(frame, ref scanned, scannedClientJson, context, out record, out reason);
            }
        }
        var fields = new DecodedFields { MessageUtf8 = messageUtf8, MessageUtf8Start = messageStart };
        var client = ClientMetadataBuilder.Acquire();
        try
        {
            if (!FrameObjectReader.TryRead(frame, _readerOptions, ref fields, client, out reason))
            {
                return false;
            }
            return TryBuild(frame, ref fields, client.Build(), context, out record, out reason);
        }
        finally
        {
            ClientMetadataBuilder.Release(client);
        }
    }

    private static bool TryBuild(ReadOnlySpan<byte> frame, ref DecodedFields f, string? clientJson, in FrameContext context,
        out RecordFields record, [NotNullWhen(false)] out string? reason)
    {
        record = default;
        // Seed names win over envelope names; within the envelope the order is DESIGN.md §4's.
        var speaker = f.SpeakerName ?? f.PayloadAgent ?? f.PayloadSpeaker ?? f.Origin;
        if (speaker is null)
        {
            reason = "missing field SpeakerName";
            return false;
        }
        if (string.IsNullOrWhiteSpace(speaker))
        {
            reason = "SpeakerName must not be empty";
            return false;
        }
        if (!TryPickMessage(frame, ref f, out var message, out reason))
        {
            return false;
        }
        var receivedAt = TimestampParser.TruncateToMilliseconds(context.ReceivedAt);
        // The seed scanner leaves a plain string Id in the frame (IdUtf8); an empty one counts as absent, like "".
        Range? idUtf8 = null;
        string? id;
        if (f.IdUtf8 is { } range && range.GetOffsetAndLength(frame.Length).Length > 0)
        {
            idUtf8 = range;
            id = string.Empty;
        }
        else
        {
            id = f.Id ?? f.EventId;
            if (string.IsNullOrEmpty(id))
            {
                // An empty id would make every such message a duplicate of the first (exactly-once is by Id).
                id = Guid.CreateVersion7(new DateTimeOffset(receivedAt.Ticks, TimeSpan.Zero)).ToString();
            }
        }
        record = new RecordFields
        {
            Id = id,
            IdUtf8 = idUtf8,
            Timestamp = f.Timestamp ?? receivedAt,
            ReceivedAt = receivedAt,
            SpeakerName = speaker,
            SpeakerRole = f.SpeakerRole,
            Receiver = f.Receiver,
            MessageType = f.MessageType ?? f.EventType,
            Message = message,
            ConversationType = f.ConversationType,
            ContextId = f.ContextId ?? f.CorrelationId,
            CorrelationId = f.CorrelationId,
            CausationId = f.CausationId,
            Source = context.Source,
            Topic = context.Topic,
            ClientJson = clientJson,
            MessagePlain = f.MessageInBuffer && f.MessagePlain,
        };
        reason = null;
        return true;
    }

    [ThreadStatic]
    private static RecordMetadata? t_lastClientMetadata;

    /// <summary>
    /// The metadata that carries <paramref name="clientJson"/> until the enricher replaces it: the same (immutable)
    /// object as for this thread's previous frame when the text is that very string, which <see cref="RecentStrings"/>
    /// makes the usual case (an agent sends the same metadata object again and again). A new one per message was an
    /// eighth of what ingest allocated.
    /// </summary>
    private static RecordMetadata ClientMetadata(string clientJson)
    {
        if (t_lastClientMetadata is { } last && ReferenceEquals(last.ClientJson, clientJson))
        {
            return last;
        }
        return t_lastClientMetadata = new RecordMetadata { ClientJson = clientJson };
    }

    /// <summary>
    /// The message text by DESIGN.md §4's order: a string, or (in UTF-8 mode) <see cref="string.Empty"/> once the text
    /// is in <see cref="DecodedFields.MessageUtf8"/>.
    /// </summary>
    private static bool TryPickMessage(ReadOnlySpan<byte> frame, ref DecodedFields f, [NotNullWhen(true)] out string? message, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        var buffer = f.MessageUtf8;
        if (buffer is not null && f.MessageInBuffer)
        {
            message = string.Empty;
            if (buffer.WrittenCount == f.MessageUtf8Start)
            {
                reason = "Message must not be empty";
                return false;
            }
            return true;
        }
        message = f.Message ?? f.PayloadMessage ?? f.PayloadContent ?? f.PayloadText;
        if (message is null && f.PayloadJson is { } payload)
        {
            // The payload object itself is the text, exactly as sent.
            if (buffer is null)
            {
                message = System.Text.Encoding.UTF8.GetString(frame[payload]);
            }
            else
            {
                buffer.Write(frame[payload]);
                message = string.Empty;
                return true;
            }
        }
        if (message is null)
        {
            reason = "missing field Message";
            return false;
        }
        if (message.Length == 0)
        {
            reason = "Message must not be empty";
            return false;
        }
        if (buffer is not null)
        {
            // An envelope's payload text: already a string, and valid (the frame was valid UTF-8).
            var length = System.Text.Encoding.UTF8.GetMaxByteCount(message.Length);
            buffer.Advance(System.Text.Encoding.UTF8.GetBytes(message, buffer.GetSpan(length)));
            message = string.Empty;
        }
        return true;
    }
}
