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
        if (lanes is not (1 or Lanes or Md5MultiBuffer16.Lanes))
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "MD5 lanes are 1, 8 or 16");
        }
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
            var (a, b, c, d) = Md5Steps.Compress<Lanes256, Vector256<uint>>(a0, b0, c0, d0, words);
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

    /// <summary>Eight lanes in 256-bit vectors.</summary>
    private readonly struct Lanes256 : Md5Steps.ILanes<Vector256<uint>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Word(ReadOnlySpan<uint> words, int index) => Vector256.Create(words.Slice(index * Lanes, Lanes));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Add(Vector256<uint> x, Vector256<uint> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> F(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
            b + Rotate(a + word + Vector256.Create(constant) + (d ^ (b & (c ^ d))), shift);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> G(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
            b + Rotate(a + word + Vector256.Create(constant) + Vector256.AndNot(c, d) + (b & d), shift);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> H(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
            b + Rotate(a + word + Vector256.Create(constant) + (b ^ c ^ d), shift);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> I(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> word, uint constant, [ConstantExpected] byte shift) =>
            b + Rotate(a + word + Vector256.Create(constant) + (c ^ (b | ~d)), shift);

        // AVX-512 rotates in one instruction (vprold) where AVX2 needs two shifts and an or: 291 → 229 ns per 300–550-byte
        // message in a micro-benchmark. (Its three-input logic, vpternlogd, for F/G/H/I measured slower: 266 ns.)
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> Rotate(Vector256<uint> x, [ConstantExpected] byte shift) =>
            Avx512F.VL.IsSupported
                ? Avx512F.VL.RotateLeft(x, shift)
                : Vector256.ShiftLeft(x, shift) | Vector256.ShiftRightLogical(x, 32 - shift);
    }
}
