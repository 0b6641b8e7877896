using System.Globalization;
using System.Text;

namespace Ledger.Cli.Bench;

/// <summary>Realistic seed-shaped messages with ~400-byte texts, so the daemon's decoder and enricher do real work.</summary>
internal static class BenchPayloads
{
    private static readonly string[] s_speakers = ["claude_code", "gemini_cli", "codex", "planner", "reviewer", "tester", "ops_bot"];

    private static readonly string[] s_sentences =
    [
        "The lease service refactor is done and the API contract is stable for the scheduler.",
        "Tests are failing in the integration suite because the fixture database was not migrated.",
        "Deploying the canary to staging now; rollback plan is the previous container image.",
        "Can you review the caching layer before we raise the connection pool limits?",
        "Security scan flagged an outdated TLS library in the gateway; patching it today.",
        "Latency p99 went from 40 ms to 12 ms after batching the writes in the journal.",
        "I will document the new retry semantics in the protocol guide this afternoon.",
        "Debugging a race in the websocket handler: the stack trace points at the dispose path.",
        "The dashboard layout needs a responsive grid so the charts fit a laptop screen.",
        "Agreed: the planner owns task assignment and the reviewer approves merges.",
    ];

    /// <summary>Digits in every bench Id, so an Id can be patched into a template in place.</summary>
    public const int IdDigits = 12;

    /// <summary>The JSON text of message <paramref name="index"/>, with Id <c>{prefix}-{index:D12}</c>.</summary>
    public static byte[] Message(string prefix, long index)
    {
        var text = new StringBuilder(440);
        var i = (int)(index % s_sentences.Length);
        while (text.Length < 400)
        {
            text.Append(s_sentences[i % s_sentences.Length]).Append(' ');
            i += 3;
        }
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"Id\":\"{prefix}-{index:D12}\",\"Timestamp\":\"2025-12-01T17:09:21.123Z\",\"SpeakerName\":\"{s_speakers[index % s_speakers.Length]}\",\"SpeakerRole\":\"Agent\",\"Message\":\"{text.ToString(0, 400)}\",\"ConversationType\":0,\"ContextId\":\"ctx-{index % 50}\",\"Metadata\":{{\"run\":\"bench\"}}}}");
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>Distinct payload templates; <see cref="Patch"/> writes each message's own Id into a copy.</summary>
    public static byte[][] Templates(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => Message(prefix, i)).ToArray();

    /// <summary>
    /// <paramref name="count"/> bench templates or, given <paramref name="dataDirectory"/>, up to that many of its
    /// journal's records (<see cref="JournalPayloads"/>), in the same Id layout.
    /// </summary>
    public static byte[][] Templates(string prefix, int count, string? dataDirectory) =>
        dataDirectory is null ? Templates(prefix, count) : JournalPayloads.Templates(dataDirectory, prefix, count);

    /// <summary>Writes <paramref name="index"/> as the Id digits of a template copy (no allocation per message).</summary>
    public static void Patch(Span<byte> message, int prefixLength, long index)
    {
        // Layout: {"Id":"<prefix>-<12 digits>", … — the digits start after '{"Id":"' (7 bytes), the prefix and '-'.
        var digits = message.Slice(7 + prefixLength + 1, IdDigits);
        for (var d = IdDigits - 1; d >= 0; d--)
        {
            digits[d] = (byte)('0' + (index % 10));
            index /= 10;
        }
    }
}
