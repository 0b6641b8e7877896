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
/// small direct-mapped table (no lock, no shared cache line); a slot holds the last string that hashed there, and a hit
/// is confirmed by comparing the bytes with that string, so a collision or a crafted flood of distinct values only
/// misses (and costs what decoding without the table did). Non-ASCII text is not remembered: comparing it would mean
/// transcoding first. Fields that are unique per message (Id, CorrelationId) must not come here.
/// </para>
/// </remarks>
internal static class RecentStrings
{
    /// <summary>Longest value remembered; longer ones are made afresh (and are rarely repeated verbatim anyway).</summary>
    public const int MaxBytes = 256;

    private const int Slots = 256;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    [ThreadStatic]
    private static string?[]? t_slots;

    /// <summary>
    /// The string for <paramref name="utf8"/>, as <see cref="Encoding.UTF8"/> decodes it (invalid bytes become
    /// replacement characters): a remembered one when this thread saw the same ASCII bytes last in its slot.
    /// </summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes || !Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }
        var slots = t_slots ??= new string?[Slots];
        ref var slot = ref slots[Slot(utf8)];
        if (slot is { } known && known.Length == utf8.Length && Ascii.Equals(utf8, known))
        {
            return known;
        }
        return slot = Encoding.ASCII.GetString(utf8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ReadOnlySpan<byte> utf8)
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
        return (int)(h >> (64 - 8)); // the top 8 bits: Slots = 256
    }
}
