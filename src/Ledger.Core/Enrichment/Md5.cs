using System.Buffers.Binary;
using System.Numerics;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ledger.Core.Enrichment;

/// <summary>MD5 (RFC 1321) of a span, in managed code with no allocation and no native call.</summary>
/// <remarks>
/// Every journaled message is hashed twice (content_hash and the exactly-once Id digest). Profiling the daemon showed
/// the platform MD5 (OpenSSL on Linux) spending about as long per call on context set-up, error-queue clearing and
/// freeing as on hashing a few hundred bytes; this does the 64-byte compression rounds straight from the span.
/// Results are checked against <c>System.Security.Cryptography.MD5</c> in the tests. A fingerprint, not a security control.
/// </remarks>
internal static class Md5
{
    public const int HashSizeInBytes = 16;

    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSizeInBytes, nameof(destination));
        var state = new State { A = 0x67452301, B = 0xefcdab89, C = 0x98badcfe, D = 0x10325476 };
        var whole = data.Length & ~63;
        for (var offset = 0; offset < whole; offset += 64)
        {
            Compress(ref state, data.Slice(offset, 64));
        }
        // Padding: 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = data.Length - whole;
        data[whole..].CopyTo(tail);
        tail[rest] = 0x80;
        var tailLength = rest < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        Compress(ref state, tail[..64]);
        if (tailLength == 128)
        {
            Compress(ref state, tail[64..]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination, state.A);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], state.B);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], state.C);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], state.D);
    }

    /// <summary>The 64 steps of RFC 1321 §3.4 over one block, unrolled so every constant and shift is an immediate.</summary>
    /// <remarks>Instead of moving A ← D ← C ← B after each step, the steps rotate which variable plays which role.</remarks>
    private static void Compress(ref State state, ReadOnlySpan<byte> block)
    {
        Debug.Assert(block.Length >= 64, "a block is 64 bytes");
        // Words are read where they are used (an add from memory), not loaded into 16 locals first: with a, b, c, d
        // that is 20 live values for 16 registers, and the spills cost more than the reads.
        ref var m = ref Unsafe.As<byte, uint>(ref MemoryMarshal.GetReference(block));
        uint a = state.A, b = state.B, c = state.C, d = state.D;
        a = F(a, b, c, d, W(ref m, 0), 0xd76aa478u, 7);
        d = F(d, a, b, c, W(ref m, 1), 0xe8c7b756u, 12);
        c = F(c, d, a, b, W(ref m, 2), 0x242070dbu, 17);
        b = F(b, c, d, a, W(ref m, 3), 0xc1bdceeeu, 22);
        a = F(a, b, c, d, W(ref m, 4), 0xf57c0fafu, 7);
        d = F(d, a, b, c, W(ref m, 5), 0x4787c62au, 12);
        c = F(c, d, a, b, W(ref m, 6), 0xa8304613u, 17);
        b = F(b, c, d, a, W(ref m, 7), 0xfd469501u, 22);
        a = F(a, b, c, d, W(ref m, 8), 0x698098d8u, 7);
        d = F(d, a, b, c, W(ref m, 9), 0x8b44f7afu, 12);
        c = F(c, d, a, b, W(ref m, 10), 0xffff5bb1u, 17);
        b = F(b, c, d, a, W(ref m, 11), 0x895cd7beu, 22);
        a = F(a, b, c, d, W(ref m, 12), 0x6b901122u, 7);
        d = F(d, a, b, c, W(ref m, 13), 0xfd987193u, 12);
        c = F(c, d, a, b, W(ref m, 14), 0xa679438eu, 17);
        b = F(b, c, d, a, W(ref m, 15), 0x49b40821u, 22);
        a = G(a, b, c, d, W(ref m, 1), 0xf61e2562u, 5);
        d = G(d, a, b, c, W(ref m, 6), 0xc040b340u, 9);
        c = G(c, d, a, b, W(ref m, 11), 0x265e5a51u, 14);
        b = G(b, c, d, a, W(ref m, 0), 0xe9b6c7aau, 20);
        a = G(a, b, c, d, W(ref m, 5), 0xd62f105du, 5);
        d = G(d, a, b, c, W(ref m, 10), 0x02441453u, 9);
        c = G(c, d, a, b, W(ref m, 15), 0xd8a1e681u, 14);
        b = G(b, c, d, a, W(ref m, 4), 0xe7d3fbc8u, 20);
        a = G(a, b, c, d, W(ref m, 9), 0x21e1cde6u, 5);
        d = G(d, a, b, c, W(ref m, 14), 0xc33707d6u, 9);
        c = G(c, d, a, b, W(ref m, 3), 0xf4d50d87u, 14);
        b = G(b, c, d, a, W(ref m, 8), 0x455a14edu, 20);
        a = G(a, b, c, d, W(ref m, 13), 0xa9e3e905u, 5);
        d = G(d, a, b, c, W(ref m, 2), 0xfcefa3f8u, 9);
        c = G(c, d, a, b, W(ref m, 7), 0x676f02d9u, 14);
        b = G(b, c, d, a, W(ref m, 12), 0x8d2a4c8au, 20);
        a = H(a, b, c, d, W(ref m, 5), 0xfffa3942u, 4);
        d = H(d, a, b, c, W(ref m, 8), 0x8771f681u, 11);
        c = H(c, d, a, b, W(ref m, 11), 0x6d9d6122u, 16);
        b = H(b, c, d, a, W(ref m, 14), 0xfde5380cu, 23);
        a = H(a, b, c, d, W(ref m, 1), 0xa4beea44u, 4);
        d = H(d, a, b, c, W(ref m, 4), 0x4bdecfa9u, 11);
        c = H(c, d, a, b, W(ref m, 7), 0xf6bb4b60u, 16);
        b = H(b, c, d, a, W(ref m, 10), 0xbebfbc70u, 23);
        a = H(a, b, c, d, W(ref m, 13), 0x289b7ec6u, 4);
        d = H(d, a, b, c, W(ref m, 0), 0xeaa127fau, 11);
        c = H(c, d, a, b, W(ref m, 3), 0xd4ef3085u, 16);
        b = H(b, c, d, a, W(ref m, 6), 0x04881d05u, 23);
        a = H(a, b, c, d, W(ref m, 9), 0xd9d4d039u, 4);
        d = H(d, a, b, c, W(ref m, 12), 0xe6db99e5u, 11);
        c = H(c, d, a, b, W(ref m, 15), 0x1fa27cf8u, 16);
        b = H(b, c, d, a, W(ref m, 2), 0xc4ac5665u, 23);
        a = I(a, b, c, d, W(ref m, 0), 0xf4292244u, 6);
        d = I(d, a, b, c, W(ref m, 7), 0x432aff97u, 10);
        c = I(c, d, a, b, W(ref m, 14), 0xab9423a7u, 15);
        b = I(b, c, d, a, W(ref m, 5), 0xfc93a039u, 21);
        a = I(a, b, c, d, W(ref m, 12), 0x655b59c3u, 6);
        d = I(d, a, b, c, W(ref m, 3), 0x8f0ccc92u, 10);
        c = I(c, d, a, b, W(ref m, 10), 0xffeff47du, 15);
        b = I(b, c, d, a, W(ref m, 1), 0x85845dd1u, 21);
        a = I(a, b, c, d, W(ref m, 8), 0x6fa87e4fu, 6);
        d = I(d, a, b, c, W(ref m, 15), 0xfe2ce6e0u, 10);
        c = I(c, d, a, b, W(ref m, 6), 0xa3014314u, 15);
        b = I(b, c, d, a, W(ref m, 13), 0x4e0811a1u, 21);
        a = I(a, b, c, d, W(ref m, 4), 0xf7537e82u, 6);
        d = I(d, a, b, c, W(ref m, 11), 0xbd3af235u, 10);
        c = I(c, d, a, b, W(ref m, 2), 0x2ad7d2bbu, 15);
        b = I(b, c, d, a, W(ref m, 9), 0xeb86d391u, 21);
        state.A += a;
        state.B += b;
        state.C += c;
        state.D += d;
    }

    /// <summary>Message word <paramref name="index"/> of the block; little-endian per RFC 1321.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint W(ref uint block, int index) =>
        BitConverter.IsLittleEndian ? Unsafe.Add(ref block, index) : BinaryPrimitives.ReverseEndianness(Unsafe.Add(ref block, index));

    // One step each of rounds 1–4: a ← b + ((a + f(b, c, d) + M[i] + K) <<< s). The terms that do not depend on b,
    // the value the previous step just produced, are added first so the CPU can compute them while b is in flight:
    // that shortens the serial chain every block runs through 64 times.

    /// <summary>Round 1, f = (b ∧ c) ∨ (¬b ∧ d), computed as d ⊕ (b ∧ (c ⊕ d)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint a, uint b, uint c, uint d, uint word, uint constant, int shift) =>
        b + BitOperations.RotateLeft(a + word + constant + (d ^ (b & (c ^ d))), shift);

    /// <summary>Round 2, f = (b ∧ d) ∨ (c ∧ ¬d): the two halves never share a bit, so they are added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint a, uint b, uint c, uint d, uint word, uint constant, int shift) =>
        b + BitOperations.RotateLeft(a + word + constant + (c & ~d) + (b & d), shift);

    /// <summary>Round 3, f = b ⊕ c ⊕ d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint H(uint a, uint b, uint c, uint d, uint word, uint constant, int shift) =>
        b + BitOperations.RotateLeft(a + word + constant + (b ^ (c ^ d)), shift);

    /// <summary>Round 4, f = c ⊕ (b ∨ ¬d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint a, uint b, uint c, uint d, uint word, uint constant, int shift) =>
        b + BitOperations.RotateLeft(a + word + constant + (c ^ (b | ~d)), shift);

    private struct State
    {
        public uint A;
        public uint B;
        public uint C;
        public uint D;
    }
}
