using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

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

    /// <summary>The 64 steps of RFC 1321 §3.4 over one block, unrolled so every constant and word stays in a register.</summary>
    /// <remarks>Instead of moving A ← D ← C ← B after each step, the steps rotate which variable plays which role.</remarks>
    private static void Compress(ref State state, ReadOnlySpan<byte> block)
    {
        var m0 = BinaryPrimitives.ReadUInt32LittleEndian(block);
        var m1 = BinaryPrimitives.ReadUInt32LittleEndian(block[4..]);
        var m2 = BinaryPrimitives.ReadUInt32LittleEndian(block[8..]);
        var m3 = BinaryPrimitives.ReadUInt32LittleEndian(block[12..]);
        var m4 = BinaryPrimitives.ReadUInt32LittleEndian(block[16..]);
        var m5 = BinaryPrimitives.ReadUInt32LittleEndian(block[20..]);
        var m6 = BinaryPrimitives.ReadUInt32LittleEndian(block[24..]);
        var m7 = BinaryPrimitives.ReadUInt32LittleEndian(block[28..]);
        var m8 = BinaryPrimitives.ReadUInt32LittleEndian(block[32..]);
        var m9 = BinaryPrimitives.ReadUInt32LittleEndian(block[36..]);
        var m10 = BinaryPrimitives.ReadUInt32LittleEndian(block[40..]);
        var m11 = BinaryPrimitives.ReadUInt32LittleEndian(block[44..]);
        var m12 = BinaryPrimitives.ReadUInt32LittleEndian(block[48..]);
        var m13 = BinaryPrimitives.ReadUInt32LittleEndian(block[52..]);
        var m14 = BinaryPrimitives.ReadUInt32LittleEndian(block[56..]);
        var m15 = BinaryPrimitives.ReadUInt32LittleEndian(block[60..]);
        uint a = state.A, b = state.B, c = state.C, d = state.D;
        a = b + BitOperations.RotateLeft(a + F(b, c, d) + 0xd76aa478u + m0, 7);
        d = a + BitOperations.RotateLeft(d + F(a, b, c) + 0xe8c7b756u + m1, 12);
        c = d + BitOperations.RotateLeft(c + F(d, a, b) + 0x242070dbu + m2, 17);
        b = c + BitOperations.RotateLeft(b + F(c, d, a) + 0xc1bdceeeu + m3, 22);
        a = b + BitOperations.RotateLeft(a + F(b, c, d) + 0xf57c0fafu + m4, 7);
        d = a + BitOperations.RotateLeft(d + F(a, b, c) + 0x4787c62au + m5, 12);
        c = d + BitOperations.RotateLeft(c + F(d, a, b) + 0xa8304613u + m6, 17);
        b = c + BitOperations.RotateLeft(b + F(c, d, a) + 0xfd469501u + m7, 22);
        a = b + BitOperations.RotateLeft(a + F(b, c, d) + 0x698098d8u + m8, 7);
        d = a + BitOperations.RotateLeft(d + F(a, b, c) + 0x8b44f7afu + m9, 12);
        c = d + BitOperations.RotateLeft(c + F(d, a, b) + 0xffff5bb1u + m10, 17);
        b = c + BitOperations.RotateLeft(b + F(c, d, a) + 0x895cd7beu + m11, 22);
        a = b + BitOperations.RotateLeft(a + F(b, c, d) + 0x6b901122u + m12, 7);
        d = a + BitOperations.RotateLeft(d + F(a, b, c) + 0xfd987193u + m13, 12);
        c = d + BitOperations.RotateLeft(c + F(d, a, b) + 0xa679438eu + m14, 17);
        b = c + BitOperations.RotateLeft(b + F(c, d, a) + 0x49b40821u + m15, 22);
        a = b + BitOperations.RotateLeft(a + G(b, c, d) + 0xf61e2562u + m1, 5);
        d = a + BitOperations.RotateLeft(d + G(a, b, c) + 0xc040b340u + m6, 9);
        c = d + BitOperations.RotateLeft(c + G(d, a, b) + 0x265e5a51u + m11, 14);
        b = c + BitOperations.RotateLeft(b + G(c, d, a) + 0xe9b6c7aau + m0, 20);
        a = b + BitOperations.RotateLeft(a + G(b, c, d) + 0xd62f105du + m5, 5);
        d = a + BitOperations.RotateLeft(d + G(a, b, c) + 0x02441453u + m10, 9);
        c = d + BitOperations.RotateLeft(c + G(d, a, b) + 0xd8a1e681u + m15, 14);
        b = c + BitOperations.RotateLeft(b + G(c, d, a) + 0xe7d3fbc8u + m4, 20);
        a = b + BitOperations.RotateLeft(a + G(b, c, d) + 0x21e1cde6u + m9, 5);
        d = a + BitOperations.RotateLeft(d + G(a, b, c) + 0xc33707d6u + m14, 9);
        c = d + BitOperations.RotateLeft(c + G(d, a, b) + 0xf4d50d87u + m3, 14);
        b = c + BitOperations.RotateLeft(b + G(c, d, a) + 0x455a14edu + m8, 20);
        a = b + BitOperations.RotateLeft(a + G(b, c, d) + 0xa9e3e905u + m13, 5);
        d = a + BitOperations.RotateLeft(d + G(a, b, c) + 0xfcefa3f8u + m2, 9);
        c = d + BitOperations.RotateLeft(c + G(d, a, b) + 0x676f02d9u + m7, 14);
        b = c + BitOperations.RotateLeft(b + G(c, d, a) + 0x8d2a4c8au + m12, 20);
        a = b + BitOperations.RotateLeft(a + H(b, c, d) + 0xfffa3942u + m5, 4);
        d = a + BitOperations.RotateLeft(d + H(a, b, c) + 0x8771f681u + m8, 11);
        c = d + BitOperations.RotateLeft(c + H(d, a, b) + 0x6d9d6122u + m11, 16);
        b = c + BitOperations.RotateLeft(b + H(c, d, a) + 0xfde5380cu + m14, 23);
        a = b + BitOperations.RotateLeft(a + H(b, c, d) + 0xa4beea44u + m1, 4);
        d = a + BitOperations.RotateLeft(d + H(a, b, c) + 0x4bdecfa9u + m4, 11);
        c = d + BitOperations.RotateLeft(c + H(d, a, b) + 0xf6bb4b60u + m7, 16);
        b = c + BitOperations.RotateLeft(b + H(c, d, a) + 0xbebfbc70u + m10, 23);
        a = b + BitOperations.RotateLeft(a + H(b, c, d) + 0x289b7ec6u + m13, 4);
        d = a + BitOperations.RotateLeft(d + H(a, b, c) + 0xeaa127fau + m0, 11);
        c = d + BitOperations.RotateLeft(c + H(d, a, b) + 0xd4ef3085u + m3, 16);
        b = c + BitOperations.RotateLeft(b + H(c, d, a) + 0x04881d05u + m6, 23);
        a = b + BitOperations.RotateLeft(a + H(b, c, d) + 0xd9d4d039u + m9, 4);
        d = a + BitOperations.RotateLeft(d + H(a, b, c) + 0xe6db99e5u + m12, 11);
        c = d + BitOperations.RotateLeft(c + H(d, a, b) + 0x1fa27cf8u + m15, 16);
        b = c + BitOperations.RotateLeft(b + H(c, d, a) + 0xc4ac5665u + m2, 23);
        a = b + BitOperations.RotateLeft(a + I(b, c, d) + 0xf4292244u + m0, 6);
        d = a + BitOperations.RotateLeft(d + I(a, b, c) + 0x432aff97u + m7, 10);
        c = d + BitOperations.RotateLeft(c + I(d, a, b) + 0xab9423a7u + m14, 15);
        b = c + BitOperations.RotateLeft(b + I(c, d, a) + 0xfc93a039u + m5, 21);
        a = b + BitOperations.RotateLeft(a + I(b, c, d) + 0x655b59c3u + m12, 6);
        d = a + BitOperations.RotateLeft(d + I(a, b, c) + 0x8f0ccc92u + m3, 10);
        c = d + BitOperations.RotateLeft(c + I(d, a, b) + 0xffeff47du + m10, 15);
        b = c + BitOperations.RotateLeft(b + I(c, d, a) + 0x85845dd1u + m1, 21);
        a = b + BitOperations.RotateLeft(a + I(b, c, d) + 0x6fa87e4fu + m8, 6);
        d = a + BitOperations.RotateLeft(d + I(a, b, c) + 0xfe2ce6e0u + m15, 10);
        c = d + BitOperations.RotateLeft(c + I(d, a, b) + 0xa3014314u + m6, 15);
        b = c + BitOperations.RotateLeft(b + I(c, d, a) + 0x4e0811a1u + m13, 21);
        a = b + BitOperations.RotateLeft(a + I(b, c, d) + 0xf7537e82u + m4, 6);
        d = a + BitOperations.RotateLeft(d + I(a, b, c) + 0xbd3af235u + m11, 10);
        c = d + BitOperations.RotateLeft(c + I(d, a, b) + 0x2ad7d2bbu + m2, 15);
        b = c + BitOperations.RotateLeft(b + I(c, d, a) + 0xeb86d391u + m9, 21);
        state.A += a;
        state.B += b;
        state.C += c;
        state.D += d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint x, uint y, uint z) => (x & y) | (~x & z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint x, uint y, uint z) => (x & z) | (y & ~z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint H(uint x, uint y, uint z) => x ^ y ^ z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint x, uint y, uint z) => y ^ (x | ~z);

    private struct State
    {
        public uint A;
        public uint B;
        public uint C;
        public uint D;
    }
}
