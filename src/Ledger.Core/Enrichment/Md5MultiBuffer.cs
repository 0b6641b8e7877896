using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ledger.Core.Enrichment;

/// <summary>MD5 of many messages at once: eight messages side by side in the lanes of 256-bit vectors (sixteen in 512-bit ones where the CPU has AVX-512, see <see cref="Md5MultiBuffer16"/>).</summary>
/// <remarks>
/// <para>
/// MD5 is one long serial chain per message (each step needs the previous one), so a single hash cannot use the
/// vector units; eight independent messages can: every step runs once for eight lanes. The daemon hashes every
/// message it journals (content_hash) and every Id (the exactly-once digest), a chunk at a time, which is where this
/// pays: MD5 was 8.6 % of the daemon's instructions.
/// </para>
/// <para>
/// Messages of different lengths run side by side: a lane that has no block left is fed a dummy block and keeps its
/// state. Without AVX2 (x86-64 only; little-endian words are loaded as they are) every message goes through
/// <see cref="Md5.HashData"/>; the tests compare against the platform MD5 on every length class around the padding
/// boundaries. Eight lanes cost about a quarter of the scalar time per message (240 vs 920 ns for 400 bytes).
/// </para>
/// </remarks>
internal static class Md5MultiBuffer
{
    private const int Lanes = 8;

    /// <summary>How many messages a pass takes on this CPU: 16 with AVX-512, 8 with AVX2, else 1 (one at a time).</summary>
    public static int PreferredLanes { get; } =
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? Md5MultiBuffer16.Lanes : Avx2.IsSupported ? Lanes : 1;

    /// <summary>Hashes <paramref name="source"/>[<paramref name="messages"/>[i]] into <paramref name="hashes"/>[i] (16 bytes each, as <see cref="Md5.HashData"/> writes them).</summary>
    public static void HashMany(ReadOnlySpan<byte> source, ReadOnlySpan<Range> messages, Span<UInt128> hashes) =>
        HashMany(source, messages, hashes, PreferredLanes);

    /// <summary><see cref="HashMany(ReadOnlySpan{byte}, ReadOnlySpan{Range}, Span{UInt128})"/> with <paramref name="lanes"/> (16, 8 or 1) messages a pass; tests run each.</summary>
    public static void HashMany(ReadOnlySpan<byte> source, ReadOnlySpan<Range> messages, Span<UInt128> hashes, int lanes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashes.Length, messages.Length, nameof(hashes));
        if (lanes > PreferredLanes)
        {
            throw new PlatformNotSupportedException($"{lanes} MD5 lanes need a CPU with {(lanes == Md5MultiBuffer16.Lanes ? "AVX-512" : "AVX2")}");
        }
        var i = 0;
        if (lanes == Md5MultiBuffer16.Lanes)
        {
            // Nine or more messages fill the wider pass; fewer go eight at a time below.
            for (; i + Lanes < messages.Length; i += Md5MultiBuffer16.Lanes)
            {
                var count = Math.Min(Md5MultiBuffer16.Lanes, messages.Length - i);
                Md5MultiBuffer16.HashGroup(source, messages.Slice(i, count), hashes.Slice(i, count));
            }
        }
        if (lanes >= Lanes)
        {
            for (; i + 2 <= messages.Length; i += Lanes)
            {
                // Two or more messages share a pass; a last single one is cheaper alone.
                var count = Math.Min(Lanes, messages.Length - i);
                HashGroup(source, messages.Slice(i, count), hashes.Slice(i, count));
            }
        }
        for (; i < messages.Length; i++)
        {
            Md5.HashData(source[messages[i]], MemoryMarshal.AsBytes(hashes.Slice(i, 1)));
        }
    }

    /// <summary>
    /// Pads each message's last partial block into its 128 bytes of <paramref name="tails"/> (one or two blocks) and
    /// notes where its whole blocks start and how many blocks it has in all; returns the most blocks of any message.
    /// Lanes past <paramref name="messages"/> get no blocks (they only ever hash a dummy block).
    /// </summary>
    internal static int PadTails(ReadOnlySpan<byte> source, ReadOnlySpan<Range> messages, Span<byte> tails,
        Span<int> starts, Span<int> wholeBlocks, Span<int> totalBlocks)
    {
        tails.Clear();
        starts.Clear();
        wholeBlocks.Clear();
        totalBlocks.Clear();
        var maxBlocks = 0;
        for (var lane = 0; lane < messages.Length; lane++)
        {
            var (start, length) = messages[lane].GetOffsetAndLength(source.Length);
            var whole = length >> 6;
            var rest = length & 63;
            var tail = tails.Slice(lane * 128, 128);
            source.Slice(start + (whole << 6), rest).CopyTo(tail);
            // Padding: 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian.
            tail[rest] = 0x80;
            var tailBlocks = rest < 56 ? 1 : 2;
            BinaryPrimitives.WriteUInt64LittleEndian(tail.Slice(tailBlocks * 64 - 8), (ulong)length * 8);
            starts[lane] = start;
            wholeBlocks[lane] = whole;
            totalBlocks[lane] = whole + tailBlocks;
            maxBlocks = Math.Max(maxBlocks, whole + tailBlocks);
        }
        return maxBlocks;
    }

    /// <summary>
    /// Copies block <paramref name="block"/> of every lane's message (or a dummy block for a lane that has none
    /// left) lane-major into <paramref name="rows"/> (16 words a lane), and sets <paramref name="active"/>[lane] to
    /// all ones for a lane whose state the block advances.
    /// </summary>
    internal static void GatherBlock(ReadOnlySpan<byte> source, ReadOnlySpan<byte> tails, ReadOnlySpan<int> starts,
        ReadOnlySpan<int> wholeBlocks, ReadOnlySpan<int> totalBlocks, int block, Span<uint> rows, Span<uint> active)
    {
        var dummy = tails[..64]; // any 64 bytes: the lane's result is discarded
        for (var lane = 0; lane < active.Length; lane++)
        {
            ReadOnlySpan<byte> bytes;
            if (block < wholeBlocks[lane])
            {
                bytes = source.Slice(starts[lane] + (block << 6), 64);
            }
            else if (block < totalBlocks[lane])
            {
                bytes = tails.Slice(lane * 128 + ((block - wholeBlocks[lane]) << 6), 64);
            }
            else
            {
                bytes = dummy;
            }
            active[lane] = block < totalBlocks[lane] ? uint.MaxValue : 0;
            ref var first = ref MemoryMarshal.GetReference(bytes);
            Vector256.LoadUnsafe(ref first).AsUInt32().StoreUnsafe(ref rows[lane * 16]);
            Vector256.LoadUnsafe(ref first, 32).AsUInt32().StoreUnsafe(ref rows[lane * 16 + 8]);
        }
    }

    [SkipLocalsInit]
    private static void HashGroup(ReadOnlySpan<byte> source, ReadOnlySpan<Range> messages, Span<UInt128> hashes)
    {
        // Per lane: where its whole blocks start and how many there are, then one or two padded tail blocks.
        Span<int> starts = stackalloc int[Lanes];
        Span<int> wholeBlocks = stackalloc int[Lanes];
        Span<int> totalBlocks = stackalloc int[Lanes];
        Span<byte> tails = stackalloc byte[Lanes * 128];
        var maxBlocks = PadTails(source, messages, tails, starts, wholeBlocks, totalBlocks);

        var a0 = Vector256.Create(0x67452301u);
        var b0 = Vector256.Create(0xefcdab89u);
        var c0 = Vector256.Create(0x98badcfeu);
        var d0 = Vector256.Create(0x10325476u);
        // Word-major: words[i * 8 + lane] is word i of the lane's current block, so word i is one vector load.
        Span<uint> words = stackalloc uint[16 * Lanes];
        Span<uint> rows = stackalloc uint[16 * Lanes];
        Span<uint> active = stackalloc uint[Lanes];
        for (var block = 0; block < maxBlocks; block++)
        {
            // Lane-major first; transposed with shuffles, eight words of eight lanes at a time.
            GatherBlock(source, tails, starts, wholeBlocks, totalBlocks, block, rows, active);
            Transpose(rows, 0, 0, words, Lanes);
            Transpose(rows, 8, 0, words[(8 * Lanes)..], Lanes);
            var mask = Vector256.Create<uint>(active);
            var (a, b, c, d) = Compress(a0, b0, c0, d0, words);
            a0 = Vector256.ConditionalSelect(mask, a, a0);
            b0 = Vector256.ConditionalSelect(mask, b, b0);
            c0 = Vector256.ConditionalSelect(mask, c, c0);
            d0 = Vector256.ConditionalSelect(mask, d, d0);
        }
        for (var lane = 0; lane < messages.Length; lane++)
        {
            Span<uint> digest = [a0.GetElement(lane), b0.GetElement(lane), c0.GetElement(lane), d0.GetElement(lane)];
            hashes[lane] = MemoryMarshal.Read<UInt128>(MemoryMarshal.AsBytes(digest));
        }
    }

    /// <summary>
    /// Words [<paramref name="first"/>, +8) of lanes [<paramref name="firstLane"/>, +8) of the lane-major blocks in
    /// <paramref name="rows"/>, word-major into <paramref name="columns"/> (word k at k × <paramref name="stride"/>):
    /// the usual 8×8 transpose of 32-bit elements in three rounds of shuffles.
    /// </summary>
    internal static void Transpose(ReadOnlySpan<uint> rows, int first, int firstLane, Span<uint> columns, int stride)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), firstLane * 16);
        var t0 = Avx2.UnpackLow(Row(ref r, 0, first), Row(ref r, 1, first));
        var t1 = Avx2.UnpackHigh(Row(ref r, 0, first), Row(ref r, 1, first));
        var t2 = Avx2.UnpackLow(Row(ref r, 2, first), Row(ref r, 3, first));
        var t3 = Avx2.UnpackHigh(Row(ref r, 2, first), Row(ref r, 3, first));
        var t4 = Avx2.UnpackLow(Row(ref r, 4, first), Row(ref r, 5, first));
        var t5 = Avx2.UnpackHigh(Row(ref r, 4, first), Row(ref r, 5, first));
        var t6 = Avx2.UnpackLow(Row(ref r, 6, first), Row(ref r, 7, first));
        var t7 = Avx2.UnpackHigh(Row(ref r, 6, first), Row(ref r, 7, first));
        var u0 = Avx2.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        var u1 = Avx2.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        var u2 = Avx2.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        var u3 = Avx2.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        var u4 = Avx2.UnpackLow(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        var u5 = Avx2.UnpackHigh(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        var u6 = Avx2.UnpackLow(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        var u7 = Avx2.UnpackHigh(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        ref var c = ref MemoryMarshal.GetReference(columns);
        Avx2.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref c, (nuint)(0 * stride));
        Avx2.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref c, (nuint)(1 * stride));
        Avx2.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref c, (nuint)(2 * stride));
        Avx2.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref c, (nuint)(3 * stride));
        Avx2.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref c, (nuint)(4 * stride));
        Avx2.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref c, (nuint)(5 * stride));
        Avx2.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref c, (nuint)(6 * stride));
        Avx2.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref c, (nuint)(7 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Row(ref uint rows, int lane, int first) => Vector256.LoadUnsafe(ref rows, (nuint)(lane * 16 + first));

    /// <summary>One block for every lane: the 64 steps of <see cref="Md5"/>, on vectors; returns the new state.</summary>
    private static (Vector256<uint> A, Vector256<uint> B, Vector256<uint> C, Vector256<uint> D) Compress(
        Vector256<uint> a0, Vector256<uint> b0, Vector256<uint> c0, Vector256<uint> d0, ReadOnlySpan<uint> blockWords)
    {
        var w = new Words(blockWords);
        Vector256<uint> a = a0, b = b0, c = c0, d = d0;
        a = F(a, b, c, d, w[0], 0xd76aa478u, 7);
        d = F(d, a, b, c, w[1], 0xe8c7b756u, 12);
        c = F(c, d, a, b, w[2], 0x242070dbu, 17);
        b = F(b, c, d, a, w[3], 0xc1bdceeeu, 22);
        a = F(a, b, c, d, w[4], 0xf57c0fafu, 7);
        d = F(d, a, b, c, w[5], 0x4787c62au, 12);
        c = F(c, d, a, b, w[6], 0xa8304613u, 17);
        b = F(b, c, d, a, w[7], 0xfd469501u, 22);
        a = F(a, b, c, d, w[8], 0x698098d8u, 7);
        d = F(d, a, b, c, w[9], 0x8b44f7afu, 12);
        c = F(c, d, a, b, w[10], 0xffff5bb1u, 17);
        b = F(b, c, d, a, w[11], 0x895cd7beu, 22);
        a = F(a, b, c, d, w[12], 0x6b901122u, 7);
        d = F(d, a, b, c, w[13], 0xfd987193u, 12);
        c = F(c, d, a, b, w[14], 0xa679438eu, 17);
        b = F(b, c, d, a, w[15], 0x49b40821u, 22);
        a = G(a, b, c, d, w[1], 0xf61e2562u, 5);
        d = G(d, a, b, c, w[6], 0xc040b340u, 9);
        c = G(c, d, a, b, w[11], 0x265e5a51u, 14);
        b = G(b, c, d, a, w[0], 0xe9b6c7aau, 20);
        a = G(a, b, c, d, w[5], 0xd62f105du, 5);
        d = G(d, a, b, c, w[10], 0x02441453u, 9);
        c = G(c, d, a, b, w[15], 0xd8a1e681u, 14);
        b = G(b, c, d, a, w[4], 0xe7d3fbc8u, 20);
        a = G(a, b, c, d, w[9], 0x21e1cde6u, 5);
        d = G(d, a, b, c, w[14], 0xc33707d6u, 9);
        c = G(c, d, a, b, w[3], 0xf4d50d87u, 14);
        b = G(b, c, d, a, w[8], 0x455a14edu, 20);
        a = G(a, b, c, d, w[13], 0xa9e3e905u, 5);
        d = G(d, a, b, c, w[2], 0xfcefa3f8u, 9);
        c = G(c, d, a, b, w[7], 0x676f02d9u, 14);
        b = G(b, c, d, a, w[12], 0x8d2a4c8au, 20);
        a = H(a, b, c, d, w[5], 0xfffa3942u, 4);
        d = H(d, a, b, c, w[8], 0x8771f681u, 11);
        c = H(c, d, a, b, w[11], 0x6d9d6122u, 16);
        b = H(b, c, d, a, w[14], 0xfde5380cu, 23);
        a = H(a, b, c, d, w[1], 0xa4beea44u, 4);
        d = H(d, a, b, c, w[4], 0x4bdecfa9u, 11);
        c = H(c, d, a, b, w[7], 0xf6bb4b60u, 16);
        b = H(b, c, d, a, w[10], 0xbebfbc70u, 23);
        a = H(a, b, c, d, w[13], 0x289b7ec6u, 4);
        d = H(d, a, b, c, w[0], 0xeaa127fau, 11);
        c = H(c, d, a, b, w[3], 0xd4ef3085u, 16);
        b = H(b, c, d, a, w[6], 0x04881d05u, 23);
        a = H(a, b, c, d, w[9], 0xd9d4d039u, 4);
        d = H(d, a, b, c, w[12], 0xe6db99e5u, 11);
        c = H(c, d, a, b, w[15], 0x1fa27cf8u, 16);
        b = H(b, c, d, a, w[2], 0xc4ac5665u, 23);
        a = I(a, b, c, d, w[0], 0xf4292244u, 6);
        d = I(d, a, b, c, w[7], 0x432aff97u, 10);
        c = I(c, d, a, b, w[14], 0xab9423a7u, 15);
        b = I(b, c, d, a, w[5], 0xfc93a039u, 21);
        a = I(a, b, c, d, w[12], 0x655b59c3u, 6);
        d = I(d, a, b, c, w[3], 0x8f0ccc92u, 10);
        c = I(c, d, a, b, w[10], 0xffeff47du, 15);
        b = I(b, c, d, a, w[1], 0x85845dd1u, 21);
        a = I(a, b, c, d, w[8], 0x6fa87e4fu, 6);
        d = I(d, a, b, c, w[15], 0xfe2ce6e0u, 10);
        c = I(c, d, a, b, w[6], 0xa3014314u, 15);
        b = I(b, c, d, a, w[13], 0x4e0811a1u, 21);
        a = I(a, b, c, d, w[4], 0xf7537e82u, 6);
        d = I(d, a, b, c, w[11], 0xbd3af235u, 10);
        c = I(c, d, a, b, w[2], 0x2ad7d2bbu, 15);
        b = I(b, c, d, a, w[9], 0xeb86d391u, 21);
        return (a0 + a, b0 + b, c0 + c, d0 + d);
    }

    // AVX-512 rotates in one instruction (vprold) where AVX2 needs two shifts and an or: 291 → 229 ns per 300–550-byte
    // message in a micro-benchmark. (Its three-input logic, vpternlogd, for F/G/H/I measured slower: 266 ns.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate(Vector256<uint> x, [ConstantExpected] byte shift) =>
        Avx512F.VL.IsSupported
            ? Avx512F.VL.RotateLeft(x, shift)
            : Vector256.ShiftLeft(x, shift) | Vector256.ShiftRightLogical(x, 32 - shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> F(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
        b + Rotate(a + word + Vector256.Create(constant) + (d ^ (b & (c ^ d))), shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> G(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
        b + Rotate(a + word + Vector256.Create(constant) + Vector256.AndNot(c, d) + (b & d), shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> H(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
        b + Rotate(a + word + Vector256.Create(constant) + (b ^ c ^ d), shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> I(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
        b + Rotate(a + word + Vector256.Create(constant) + (c ^ (b | ~d)), shift);

    /// <summary>The 16 word vectors of one block round (word i of every lane).</summary>
    private readonly ref struct Words(ReadOnlySpan<uint> words)
    {
        private readonly ReadOnlySpan<uint> _words = words;

        public Vector256<uint> this[int index] => Vector256.Create(_words.Slice(index * Lanes, Lanes));
    }
}
