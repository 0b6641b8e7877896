using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ledger.Parquet.Encodings;

/// <summary>
/// Compresses into Snappy's raw block format (format_description.txt in google/snappy: a varint of the uncompressed
/// length, then literals and copies), which is what Parquet's SNAPPY codec stores per page.
/// </summary>
/// <remarks>
/// <para>
/// The classic greedy compressor of the reference implementations: the input is cut into 64 KiB blocks, each searched
/// with a hash table of 4-byte sequences (positions as 16-bit values), with lookups spaced further apart the longer no
/// match is found. Copies never reach back past the start of their block.
/// </para>
/// <para>
/// Why our own: the managed library used before allocated a new 32 KiB hash table per 64 KiB block and a new array per
/// page, ~340 MB of garbage for a checkpoint or an export of 1 M records, and inside the daemon a seal's collections
/// stopped ingest ~50 times (docs/PERFORMANCE.md, twenty-fifth session). Here the table and the output are the
/// caller's to keep: nothing is allocated per page. Not thread-safe: one encoder per writer.
/// </para>
/// </remarks>
internal sealed class SnappyBlockEncoder
{
    private const int BlockSize = 1 << 16;
    private const int MaxTableSize = 1 << 14;

    // Blocks shorter than this are stored as one literal: the search needs 15 bytes of slack past its last probe.
    private const int InputMargin = 16 - 1;
    private const int MinNonLiteralBlockSize = 1 + 1 + InputMargin;

    private const byte TagLiteral = 0;
    private const byte TagCopy1 = 1;
    private const byte TagCopy2 = 2;

    private readonly ushort[] _table = new ushort[MaxTableSize];

    /// <summary>An upper bound of the encoded size of <paramref name="length"/> input bytes (the reference bound).</summary>
    public static int MaxEncodedLength(int length) => 32 + length + length / 6;

    /// <summary>Encodes <paramref name="input"/> into <paramref name="output"/>, at least <see cref="MaxEncodedLength"/> long.</summary>
    /// <returns>The encoded length.</returns>
    public int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < MaxEncodedLength(input.Length))
        {
            throw new ArgumentException($"output is {output.Length} bytes, {MaxEncodedLength(input.Length)} needed", nameof(output));
        }
        var written = WriteVarint(output, (uint)input.Length);
        while (!input.IsEmpty)
        {
            var block = input.Length > BlockSize ? input[..BlockSize] : input;
            input = input[block.Length..];
            written += block.Length < MinNonLiteralBlockSize
                ? EmitLiteral(output[written..], block)
                : EncodeBlock(block, output[written..]);
        }
        return written;
    }

    private int EncodeBlock(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        // A table no larger than the block: fewer entries to clear for small pages.
        var shift = 32 - 8;
        var tableSize = 1 << 8;
        while (tableSize < MaxTableSize && tableSize < src.Length)
        {
            tableSize <<= 1;
            shift--;
        }
        var table = _table.AsSpan(0, tableSize);
        table.Clear();
        var mask = tableSize - 1;

        var d = 0;
        var sLimit = src.Length - InputMargin;
        var nextEmit = 0;
        var s = 1;
        var nextHash = Hash(Load32(src, s), shift);
        while (true)
        {
            // Search for a 4-byte match, probing further apart the longer none is found (1 byte, then 2, ...).
            var skip = 32;
            var nextS = s;
            int candidate;
            while (true)
            {
                s = nextS;
                var step = skip >> 5;
                nextS = s + step;
                skip += step;
                if (nextS > sLimit)
                {
                    return EmitRemainder(src, dst, d, nextEmit);
                }
                candidate = table[nextHash & mask];
                table[nextHash & mask] = (ushort)s;
                nextHash = Hash(Load32(src, nextS), shift);
                if (Load32(src, s) == Load32(src, candidate))
                {
                    break;
                }
            }
            d += EmitLiteral(dst[d..], src[nextEmit..s]);

            // Emit copies while the next position matches too, without literals between them.
            while (true)
            {
                var start = s;
                s += 4;
                s += src[s..].CommonPrefixLength(src[(candidate + 4)..]);
                d += EmitCopy(dst[d..], start - candidate, s - start);
                nextEmit = s;
                if (s >= sLimit)
                {
                    return EmitRemainder(src, dst, d, nextEmit);
                }
                var x = BinaryPrimitives.ReadUInt64LittleEndian(src[(s - 1)..]);
                table[Hash((uint)x, shift) & mask] = (ushort)(s - 1);
                var current = Hash((uint)(x >> 8), shift) & mask;
                candidate = table[current];
                table[current] = (ushort)s;
                if ((uint)(x >> 8) != Load32(src, candidate))
                {
                    nextHash = Hash((uint)(x >> 16), shift);
                    s++;
                    break;
                }
            }
        }
    }

    private static int EmitRemainder(ReadOnlySpan<byte> src, Span<byte> dst, int d, int nextEmit) =>
        nextEmit < src.Length ? d + EmitLiteral(dst[d..], src[nextEmit..]) : d;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(ReadOnlySpan<byte> src, int at) => BinaryPrimitives.ReadUInt32LittleEndian(src[at..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(uint value, int shift) => (int)((value * 0x1e35a7bdu) >> shift);

    private static int EmitLiteral(Span<byte> dst, ReadOnlySpan<byte> literal)
    {
        var n = literal.Length - 1;
        int header;
        if (n < 60)
        {
            dst[0] = (byte)((n << 2) | TagLiteral);
            header = 1;
        }
        else if (n < 1 << 8)
        {
            dst[0] = (60 << 2) | TagLiteral;
            dst[1] = (byte)n;
            header = 2;
        }
        else
        {
            // A literal is never longer than a block (64 KiB), so two length bytes always suffice.
            dst[0] = (61 << 2) | TagLiteral;
            dst[1] = (byte)n;
            dst[2] = (byte)(n >> 8);
            header = 3;
        }
        literal.CopyTo(dst[header..]);
        return header + literal.Length;
    }

    private static int EmitCopy(Span<byte> dst, int offset, int length)
    {
        var i = 0;
        // A copy holds at most 64 bytes; the last piece is kept ≥ 4 so that it fits either copy form.
        while (length >= 68)
        {
            i += EmitCopy2(dst[i..], offset, 64);
            length -= 64;
        }
        if (length > 64)
        {
            i += EmitCopy2(dst[i..], offset, 60);
            length -= 60;
        }
        if (length >= 12 || offset >= 2048)
        {
            return i + EmitCopy2(dst[i..], offset, length);
        }
        dst[i] = (byte)(((offset >> 8) << 5) | ((length - 4) << 2) | TagCopy1);
        dst[i + 1] = (byte)offset;
        return i + 2;
    }

    private static int EmitCopy2(Span<byte> dst, int offset, int length)
    {
        dst[0] = (byte)(((length - 1) << 2) | TagCopy2);
        dst[1] = (byte)offset;
        dst[2] = (byte)(offset >> 8);
        return 3;
    }

    private static int WriteVarint(Span<byte> dst, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            dst[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        dst[i++] = (byte)value;
        return i;
    }
}
