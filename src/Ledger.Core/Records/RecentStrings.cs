using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ledger.Core.Records;

/// <summary>
/// Per-thread memory of recently decoded short ASCII strings, so a value that repeats from frame to frame (a speaker's
/// name, a role, a context id, the client's metadata object) is one shared string instead of a new one per message.
/// </summary>
/// <remarks>
/// <para>
/// An agent bus has a handful of speakers, roles and message types and long-lived conversations: these fields repeat
/// almost every time, and their strings were about a fifth of what ingest allocated per message. Each thread keeps a
/// small table (no lock, no shared cache line) of two-entry sets; a set holds the last two strings that hashed there, and a hit
/// is confirmed by comparing the bytes with that string, so a collision or a crafted flood of distinct values only
/// misses (and costs what decoding without the table did). Non-ASCII text is not remembered: comparing it would mean
/// transcoding first. Fields that are unique per message (Id, CorrelationId) must not come here.
/// </para>
/// </remarks>
internal static class RecentStrings
{
    /// <summary>Longest value remembered; longer ones are made afresh (and are rarely repeated verbatim anyway).</summary>
    public const int MaxBytes = 256;

    // Two entries a set, the most recent first: with one, two frequent values whose bytes hash to one slot (two of
    // fifty context ids, say) evicted each other at every turn and each came back as a new string.
    private const int Sets = 256;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    [ThreadStatic]
    private static string?[]? t_slots;

    /// <summary>
    /// The string for <paramref name="utf8"/>, as <see cref="Encoding.UTF8"/> decodes it (invalid bytes become
    /// replacement characters): a remembered one when the same ASCII bytes are among the last two this thread saw in their set.
    /// </summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes || !Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }
        var slots = t_slots ??= new string?[Sets * 2];
        var set = slots.AsSpan(Set(utf8) * 2, 2);
        if (Matches(set[0], utf8))
        {
            return set[0]!;
        }
        if (Matches(set[1], utf8))
        {
            (set[0], set[1]) = (set[1], set[0]);
            return set[0]!;
        }
        set[1] = set[0];
        return set[0] = Encoding.ASCII.GetString(utf8);
    }

    private static bool Matches(string? known, ReadOnlySpan<byte> utf8) =>
        known is not null && known.Length == utf8.Length && Ascii.Equals(utf8, known);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Set(ReadOnlySpan<byte> utf8)
    {
        var h = (ulong)utf8.Length * Multiplier;
        while (utf8.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier;
            h ^= h >> 29;
            utf8 = utf8[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            tail |= (ulong)utf8[i] << (8 * i);
        }
        h = (h ^ tail) * Multiplier;
        return (int)(h >> (64 - 8)); // the top 8 bits: Sets = 256
    }
}
