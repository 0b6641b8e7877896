using System.Buffers;
using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>Collects the client's metadata members of one frame into a compact JSON object string.</summary>
/// <remarks>
/// One builder is cached per thread so steady-state decoding reuses its buffer; a builder that grew past
/// <see cref="MaxCachedBytes"/> is dropped so one huge frame does not pin memory for the thread's lifetime.
/// </remarks>
internal sealed class ClientMetadataBuilder
{
    private const int MaxCachedBytes = 64 * 1024;

    [ThreadStatic]
    private static ClientMetadataBuilder? _threadCached;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;
    private bool _started;

    private ClientMetadataBuilder()
    {
        _writer = new Utf8JsonWriter(_buffer, LedgerRecordJson.WriterOptions);
    }

    public static ClientMetadataBuilder Acquire()
    {
        var builder = _threadCached ?? new ClientMetadataBuilder();
        _threadCached = null;
        builder._buffer.ResetWrittenCount();
        builder._writer.Reset(builder._buffer);
        builder._started = false;
        return builder;
    }

    public static void Release(ClientMetadataBuilder builder)
    {
        if (builder._buffer.Capacity <= MaxCachedBytes)
        {
            _threadCached = builder;
        }
    }

    /// <summary>Copies the member whose value the reader is about to read: name now, value after one Read.</summary>
    public void CopyMember(ref Utf8JsonReader reader)
    {
        Start();
        JsonCompactCopier.CopyPropertyName(ref reader, _writer);
        reader.Read();
        JsonCompactCopier.CopyValue(ref reader, _writer);
    }

    /// <summary>Copies every member of the object under the reader (the reader is on its StartObject).</summary>
    public void CopyMembers(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            CopyMember(ref reader);
        }
    }

    public void AddString(string name, string value)
    {
        Start();
        _writer.WriteString(name, value);
    }

    /// <summary>The collected object, or null when the frame carried no client metadata at all.</summary>
    public string? Build()
    {
        if (!_started)
        {
            return null;
        }
        _writer.WriteEndObject();
        _writer.Flush();
        return System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private void Start()
    {
        if (!_started)
        {
            _writer.WriteStartObject();
            _started = true;
        }
    }
}
