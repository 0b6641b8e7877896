using System.Diagnostics.CodeAnalysis;

namespace Ledger.Core.Enrichment;

/// <summary>The 64 steps of one MD5 block (RFC 1321) on vectors of lanes, one message per lane, for any vector width.</summary>
/// <remarks>
/// Written once for <see cref="Md5MultiBuffer"/> (256-bit vectors, eight lanes) and <see cref="Md5MultiBuffer16"/>
/// (512-bit, sixteen): the width is a struct type argument, so the JIT compiles each width on its own with every
/// operation inlined, as if written out twice.
/// </remarks>
internal static class Md5Steps
{
    /// <summary>The vector operations a step needs, for one vector width.</summary>
    internal interface ILanes<TVector> where TVector : struct
    {
        /// <summary>Word <paramref name="index"/> of every lane's block, from word-major <paramref name="words"/>.</summary>
        static abstract TVector Word(ReadOnlySpan<uint> words, int index);

        static abstract TVector Add(TVector x, TVector y);

        static abstract TVector F(TVector a, TVector b, TVector c, TVector d, TVector word, uint constant, [ConstantExpected] byte shift);

        static abstract TVector G(TVector a, TVector b, TVector c, TVector d, TVector word, uint constant, [ConstantExpected] byte shift);

        static abstract TVector H(TVector a, TVector b, TVector c, TVector d, TVector word, uint constant, [ConstantExpected] byte shift);

        static abstract TVector I(TVector a, TVector b, TVector c, TVector d, TVector word, uint constant, [ConstantExpected] byte shift);
    }

    /// <summary>One block for every lane, from state (a0, b0, c0, d0); returns the new state.</summary>
    public static (TVector A, TVector B, TVector C, TVector D) Compress<TLanes, TVector>(TVector a0, TVector b0, TVector c0, TVector d0, ReadOnlySpan<uint> words)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector a = a0, b = b0, c = c0, d = d0;
        a = TLanes.F(a, b, c, d, TLanes.Word(words, 0), 0xd76aa478u, 7);
        d = TLanes.F(d, a, b, c, TLanes.Word(words, 1), 0xe8c7b756u, 12);
        c = TLanes.F(c, d, a, b, TLanes.Word(words, 2), 0x242070dbu, 17);
        b = TLanes.F(b, c, d, a, TLanes.Word(words, 3), 0xc1bdceeeu, 22);
        a = TLanes.F(a, b, c, d, TLanes.Word(words, 4), 0xf57c0fafu, 7);
        d = TLanes.F(d, a, b, c, TLanes.Word(words, 5), 0x4787c62au, 12);
        c = TLanes.F(c, d, a, b, TLanes.Word(words, 6), 0xa8304613u, 17);
        b = TLanes.F(b, c, d, a, TLanes.Word(words, 7), 0xfd469501u, 22);
        a = TLanes.F(a, b, c, d, TLanes.Word(words, 8), 0x698098d8u, 7);
        d = TLanes.F(d, a, b, c, TLanes.Word(words, 9), 0x8b44f7afu, 12);
        c = TLanes.F(c, d, a, b, TLanes.Word(words, 10), 0xffff5bb1u, 17);
        b = TLanes.F(b, c, d, a, TLanes.Word(words, 11), 0x895cd7beu, 22);
        a = TLanes.F(a, b, c, d, TLanes.Word(words, 12), 0x6b901122u, 7);
        d = TLanes.F(d, a, b, c, TLanes.Word(words, 13), 0xfd987193u, 12);
        c = TLanes.F(c, d, a, b, TLanes.Word(words, 14), 0xa679438eu, 17);
        b = TLanes.F(b, c, d, a, TLanes.Word(words, 15), 0x49b40821u, 22);
        a = TLanes.G(a, b, c, d, TLanes.Word(words, 1), 0xf61e2562u, 5);
        d = TLanes.G(d, a, b, c, TLanes.Word(words, 6), 0xc040b340u, 9);
        c = TLanes.G(c, d, a, b, TLanes.Word(words, 11), 0x265e5a51u, 14);
        b = TLanes.G(b, c, d, a, TLanes.Word(words, 0), 0xe9b6c7aau, 20);
        a = TLanes.G(a, b, c, d, TLanes.Word(words, 5), 0xd62f105du, 5);
        d = TLanes.G(d, a, b, c, TLanes.Word(words, 10), 0x02441453u, 9);
        c = TLanes.G(c, d, a, b, TLanes.Word(words, 15), 0xd8a1e681u, 14);
        b = TLanes.G(b, c, d, a, TLanes.Word(words, 4), 0xe7d3fbc8u, 20);
        a = TLanes.G(a, b, c, d, TLanes.Word(words, 9), 0x21e1cde6u, 5);
        d = TLanes.G(d, a, b, c, TLanes.Word(words, 14), 0xc33707d6u, 9);
        c = TLanes.G(c, d, a, b, TLanes.Word(words, 3), 0xf4d50d87u, 14);
        b = TLanes.G(b, c, d, a, TLanes.Word(words, 8), 0x455a14edu, 20);
        a = TLanes.G(a, b, c, d, TLanes.Word(words, 13), 0xa9e3e905u, 5);
        d = TLanes.G(d, a, b, c, TLanes.Word(words, 2), 0xfcefa3f8u, 9);
        c = TLanes.G(c, d, a, b, TLanes.Word(words, 7), 0x676f02d9u, 14);
        b = TLanes.G(b, c, d, a, TLanes.Word(words, 12), 0x8d2a4c8au, 20);
        a = TLanes.H(a, b, c, d, TLanes.Word(words, 5), 0xfffa3942u, 4);
        d = TLanes.H(d, a, b, c, TLanes.Word(words, 8), 0x8771f681u, 11);
        c = TLanes.H(c, d, a, b, TLanes.Word(words, 11), 0x6d9d6122u, 16);
        b = TLanes.H(b, c, d, a, TLanes.Word(words, 14), 0xfde5380cu, 23);
        a = TLanes.H(a, b, c, d, TLanes.Word(words, 1), 0xa4beea44u, 4);
        d = TLanes.H(d, a, b, c, TLanes.Word(words, 4), 0x4bdecfa9u, 11);
        c = TLanes.H(c, d, a, b, TLanes.Word(words, 7), 0xf6bb4b60u, 16);
        b = TLanes.H(b, c, d, a, TLanes.Word(words, 10), 0xbebfbc70u, 23);
        a = TLanes.H(a, b, c, d, TLanes.Word(words, 13), 0x289b7ec6u, 4);
        d = TLanes.H(d, a, b, c, TLanes.Word(words, 0), 0xeaa127fau, 11);
        c = TLanes.H(c, d, a, b, TLanes.Word(words, 3), 0xd4ef3085u, 16);
        b = TLanes.H(b, c, d, a, TLanes.Word(words, 6), 0x04881d05u, 23);
        a = TLanes.H(a, b, c, d, TLanes.Word(words, 9), 0xd9d4d039u, 4);
        d = TLanes.H(d, a, b, c, TLanes.Word(words, 12), 0xe6db99e5u, 11);
        c = TLanes.H(c, d, a, b, TLanes.Word(words, 15), 0x1fa27cf8u, 16);
        b = TLanes.H(b, c, d, a, TLanes.Word(words, 2), 0xc4ac5665u, 23);
        a = TLanes.I(a, b, c, d, TLanes.Word(words, 0), 0xf4292244u, 6);
        d = TLanes.I(d, a, b, c, TLanes.Word(words, 7), 0x432aff97u, 10);
        c = TLanes.I(c, d, a, b, TLanes.Word(words, 14), 0xab9423a7u, 15);
        b = TLanes.I(b, c, d, a, TLanes.Word(words, 5), 0xfc93a039u, 21);
        a = TLanes.I(a, b, c, d, TLanes.Word(words, 12), 0x655b59c3u, 6);
        d = TLanes.I(d, a, b, c, TLanes.Word(words, 3), 0x8f0ccc92u, 10);
        c = TLanes.I(c, d, a, b, TLanes.Word(words, 10), 0xffeff47du, 15);
        b = TLanes.I(b, c, d, a, TLanes.Word(words, 1), 0x85845dd1u, 21);
        a = TLanes.I(a, b, c, d, TLanes.Word(words, 8), 0x6fa87e4fu, 6);
        d = TLanes.I(d, a, b, c, TLanes.Word(words, 15), 0xfe2ce6e0u, 10);
        c = TLanes.I(c, d, a, b, TLanes.Word(words, 6), 0xa3014314u, 15);
        b = TLanes.I(b, c, d, a, TLanes.Word(words, 13), 0x4e0811a1u, 21);
        a = TLanes.I(a, b, c, d, TLanes.Word(words, 4), 0xf7537e82u, 6);
        d = TLanes.I(d, a, b, c, TLanes.Word(words, 11), 0xbd3af235u, 10);
        c = TLanes.I(c, d, a, b, TLanes.Word(words, 2), 0x2ad7d2bbu, 15);
        b = TLanes.I(b, c, d, a, TLanes.Word(words, 9), 0xeb86d391u, 21);
        return (TLanes.Add(a0, a), TLanes.Add(b0, b), TLanes.Add(c0, c), TLanes.Add(d0, d));
    }
}
