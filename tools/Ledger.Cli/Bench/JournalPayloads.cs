using System.Text.Encodings.Web;
using System.Text.Json;
using Ledger.Core;
using Ledger.Core.Journal;

namespace Ledger.Cli.Bench;

/// <summary>
/// Messages for the processing stage taken from a journal: the records' own texts and fields, sent again as an agent
/// would send them, so a JIT profile (or a stage measurement) can follow a deployment's traffic rather than the bench's.
/// </summary>
internal static class JournalPayloads
{
    // Non-ASCII text as raw UTF-8, as the daemon journals it (the default encoder would write every such character as \u
    // escapes, which the decoder takes another path for).
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Frames for up to <paramref name="max"/> records of the journal in <paramref name="dataDirectory"/>, oldest first,
    /// each with Id <c>{prefix}-{12 digits}</c> in the layout <see cref="BenchPayloads.Patch"/> writes.
    /// </summary>
    /// <exception cref="LedgerException">The directory holds no journal records.</exception>
    public static byte[][] Templates(string dataDirectory, string prefix, int max)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new LedgerException($"data directory '{dataDirectory}' does not exist");
        }
        var templates = new List<byte[]>();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var record in JournalReader.ReadAll(dataDirectory))
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, s_options))
            {
                json.WriteStartObject();
                json.WriteString("Id", $"{prefix}-{new string('0', BenchPayloads.IdDigits)}");
                json.WriteString("Timestamp", record.Timestamp);
                json.WriteString("SpeakerName", record.SpeakerName);
                WriteOptional(json, "SpeakerRole", record.SpeakerRole);
                WriteOptional(json, "Receiver", record.Receiver);
                WriteOptional(json, "MessageType", record.MessageType);
                json.WriteString("Message", record.Message);
                json.WriteNumber("ConversationType", record.ConversationType);
                WriteOptional(json, "ContextId", record.ContextId);
                WriteOptional(json, "CorrelationId", record.CorrelationId);
                WriteOptional(json, "CausationId", record.CausationId);
                json.WriteEndObject();
            }
            templates.Add(buffer.WrittenSpan.ToArray());
            if (templates.Count == max)
            {
                break;
            }
        }
        return templates.Count > 0 ? [.. templates] : throw new LedgerException($"no journal records in '{dataDirectory}'");
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
