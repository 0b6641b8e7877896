using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ledger.Core.Enrichment;

/// <summary>One thread's memo of what the rules say about each lower-case word it has seen.</summary>
/// <remarks>
/// The enricher looks up every token of every message; agent vocabulary repeats, so remembering the answer skips
/// folding and two dictionary probes. Per thread, so a lookup takes no lock and touches no shared cache line, and
/// keyed by a cheap seeded hash computed over four characters at a time (a shared ConcurrentDictionary with the
/// randomized string hash was the single hottest function in a daemon profile). The hash is not collision-proof
/// against crafted input, so a probe gives up after <see cref="MaxProbes"/> slots and the caller computes the answer
/// directly: a flood of colliding words costs a few probes each, never a long chain. Bounded: once
/// <see cref="MaxWords"/> words are remembered, new ones are computed each time and nothing is evicted.
/// Each word has an id: a second index finds short ASCII words by their packed bytes (<see cref="TryGetPacked"/>),
/// the keyword counter keeps its per-message slots by id, and a reported keyword is the id's string (<see cref="Text"/>).
/// </remarks>
internal sealed class WordMemo
{
    public const int MaxWords = 16_384;
    private const int Slots = MaxWords * 2;
    private const int MaxProbes = 8;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    private readonly uint[] _hashes = new uint[Slots];
    private readonly int[] _entries = new int[Slots];
    private readonly EnrichmentLexicon.WordInfo[] _values = new EnrichmentLexicon.WordInfo[MaxWords];
    private readonly int[] _starts = new int[MaxWords];
    private readonly int[] _lengths = new int[MaxWords];
    private readonly string?[] _texts = new string?[MaxWords];
    private char[] _chars = new char[4096];
    private int _charCount;
    private int _count;

    public int Count => _count;

    /// <summary>This thread's buffers for enriching one message: the memo is the per-thread object the enricher already fetches.</summary>
    public EnrichmentScratch Scratch { get; } = new();

    /// <summary>The memo's hash of a token; never 0 (0 marks an empty slot).</summary>
    public static uint Hash(ReadOnlySpan<char> token)
    {
        var h = Seed ^ (ulong)token.Length;
        var bytes = MemoryMarshal.AsBytes(token);
        while (bytes.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * Multiplier;
            h ^= h >> 29;
            bytes = bytes[8..];
        }
        if (!bytes.IsEmpty)
        {
            ulong tail = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                tail |= (ulong)bytes[i] << (8 * i);
            }
            h = (h ^ tail) * Multiplier;
        }
        h ^= h >> 32;
        return (uint)h | 1;
    }

    public bool TryGet(ReadOnlySpan<char> token, uint hash, out EnrichmentLexicon.WordInfo info) => TryGet(token, hash, out info, out _);

    /// <summary>Looks a token up; <paramref name="wordId"/> is its stable index in this memo (0 ≤ id &lt; <see cref="MaxWords"/>).</summary>
    public bool TryGet(ReadOnlySpan<char> token, uint hash, out EnrichmentLexicon.WordInfo info, out int wordId)
    {
        var slot = (int)(hash & (Slots - 1));
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            var stored = _hashes[slot];
            if (stored == 0)
            {
                break;
            }
            if (stored == hash)
            {
                var entry = _entries[slot];
                if (_lengths[entry] == token.Length && _chars.AsSpan(_starts[entry], token.Length).SequenceEqual(token))
                {
                    info = _values[entry];
                    wordId = entry;
                    return true;
                }
            }
            slot = (slot + 1) & (Slots - 1);
        }
        info = default;
        wordId = -1;
        return false;
    }

    /// <summary>Remembers <paramref name="info"/> for a token not yet present; returns its word id, or -1 when full or crowded.</summary>
    public int TryAdd(ReadOnlySpan<char> token, uint hash, in EnrichmentLexicon.WordInfo info)
    {
        if (_count >= MaxWords)
        {
            return -1;
        }
        var slot = (int)(hash & (Slots - 1));
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            if (_hashes[slot] == 0)
            {
                if (_charCount + token.Length > _chars.Length)
                {
                    Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + token.Length));
                }
                token.CopyTo(_chars.AsSpan(_charCount));
                _starts[_count] = _charCount;
                _lengths[_count] = token.Length;
                _values[_count] = info;
                _charCount += token.Length;
                _entries[slot] = _count;
                _hashes[slot] = hash;
                return _count++;
            }
            slot = (slot + 1) & (Slots - 1);
        }
        return -1;
    }

    /// <summary>
    /// Second index for ASCII words of at most eight characters, keyed by the characters themselves packed into a
    /// ulong (one byte each): a probe compares one number instead of hashing and comparing text. It maps to the same
    /// word ids as the text index, so keyword counting does not care which index found a word.
    /// </summary>
    private const int PackedSlots = MaxWords * 2;
    private readonly PackedEntry[] _packed = new PackedEntry[PackedSlots];
    private int _packedCount;

    /// <summary>The low 8 × length bits of <paramref name="eightChars"/> narrowed to bytes: a token's packed key.</summary>
    /// <param name="eightChars">At least eight readable characters starting at the token (the token is the first <paramref name="length"/>).</param>
    /// <param name="length">1 to 8.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PackAscii(ReadOnlySpan<char> eightChars, int length)
    {
        var chars = Vector128.Create(MemoryMarshal.Cast<char, ushort>(eightChars));
        var bytes = Vector128.Narrow(chars, chars).AsUInt64().ToScalar();
        return bytes & (ulong.MaxValue >> (64 - 8 * length));
    }

    /// <summary>Looks a packed word up; <paramref name="value"/> is what <see cref="AddPacked"/> stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetPacked(ulong key, out int value)
    {
        var slot = PackedSlot(key);
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            ref readonly var entry = ref _packed[slot];
            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
            if (entry.Key == 0)
            {
                break;
            }
            slot = (slot + 1) & (PackedSlots - 1);
        }
        value = 0;
        return false;
    }

    /// <summary>Remembers a packed word (key ≠ 0); silently skipped when full or crowded, like <see cref="TryAdd"/>.</summary>
    public void AddPacked(ulong key, int value)
    {
        if (_packedCount >= MaxWords)
        {
            return;
        }
        var slot = PackedSlot(key);
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            if (_packed[slot].Key == 0)
            {
                _packed[slot] = new PackedEntry(key, value);
                _packedCount++;
                return;
            }
            slot = (slot + 1) & (PackedSlots - 1);
        }
    }

    /// <summary>
    /// Third index, for ASCII words of nine to sixteen characters: the first eight packed into <paramref name="low"/>,
    /// the rest into <paramref name="high"/> (its unused high bytes zero, so the pair also says the length).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetPackedLong(ulong low, ulong high, out int value)
    {
        var slot = PackedLongSlot(low, high);
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            ref readonly var entry = ref _packedLong[slot];
            if (entry.Low == low && entry.High == high)
            {
                value = entry.Value;
                return true;
            }
            if (entry.Low == 0)
            {
                break;
            }
            slot = (slot + 1) & (PackedSlots - 1);
        }
        value = 0;
        return false;
    }

    /// <summary>Remembers a long packed word (<paramref name="low"/> ≠ 0); silently skipped when full or crowded.</summary>
    public void AddPackedLong(ulong low, ulong high, int value)
    {
        if (_packedLongCount >= MaxWords)
        {
            return;
        }
        var slot = PackedLongSlot(low, high);
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            if (_packedLong[slot].Low == 0)
            {
                _packedLong[slot] = new PackedLongEntry(low, high, value);
                _packedLongCount++;
                return;
            }
            slot = (slot + 1) & (PackedSlots - 1);
        }
    }

    private readonly PackedLongEntry[] _packedLong = new PackedLongEntry[PackedSlots];
    private int _packedLongCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackedLongSlot(ulong low, ulong high) =>
        (int)(((((low ^ Seed) * Multiplier) ^ high) * Multiplier) >> (64 - System.Numerics.BitOperations.Log2(PackedSlots)));

    /// <summary>The word with id <paramref name="wordId"/> as a string, made on first use and kept.</summary>
    public string Text(int wordId) => _texts[wordId] ??= new string(_chars, _starts[wordId], _lengths[wordId]);

    /// <summary>What the rules say about the word with id <paramref name="wordId"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly EnrichmentLexicon.WordInfo Info(int wordId) => ref _values[wordId];

    /// <summary>Scratch for the caller: the answer for the last word this memo could not hold (it is full or crowded).</summary>
    public EnrichmentLexicon.WordInfo Unremembered;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackedSlot(ulong key) => (int)(((key ^ Seed) * Multiplier) >> (64 - System.Numerics.BitOperations.Log2(PackedSlots)));

    /// <summary>
    /// Per-word scratch for counting one message's keywords by word id instead of re-hashing the text: an entry is
    /// valid only while its stamp equals the current message's <see cref="BeginMessage"/> generation, so nothing is
    /// cleared between messages.
    /// </summary>
    private readonly CounterSlotEntry[] _counterSlots = new CounterSlotEntry[MaxWords];
    private int _generation;

    /// <summary>Starts counting a new message: every word's counter slot becomes unassigned.</summary>
    public void BeginMessage()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_counterSlots);
            _generation = 1;
        }
    }

    /// <summary>The counter slot assigned to <paramref name="wordId"/> in the current message, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CounterSlot(int wordId)
    {
        ref readonly var entry = ref _counterSlots[wordId];
        return entry.Stamp == _generation ? entry.Slot : -1;
    }

    /// <summary>Assigns <paramref name="slot"/> to <paramref name="wordId"/> for the current message.</summary>
    public void SetCounterSlot(int wordId, int slot)
    {
        _counterSlots[wordId] = new CounterSlotEntry(_generation, slot);
    }

    /// <summary>A packed word and its value side by side, so a probe touches one cache line, not two arrays.</summary>
    private readonly record struct PackedEntry(ulong Key, int Value);

    /// <summary>A long packed word (two numbers) and its value.</summary>
    private readonly record struct PackedLongEntry(ulong Low, ulong High, int Value);

    /// <summary>A word's counter slot and the message generation it belongs to, read together.</summary>
    private readonly record struct CounterSlotEntry(int Stamp, int Slot);
}
