using System.Numerics;

namespace Ledger.Parquet.Encodings;

/// <summary>The RLE/bit-packed hybrid encoding of parquet-format Encodings.md, used for levels and dictionary ids.</summary>
/// <remarks>
/// Runs of at least 8 equal values become RLE runs; everything else is bit-packed in whole groups of 8, zero-padded
/// at the end (Spark rejects unpadded runs, polars#13883). A bit-packed run starts only where the pending values
/// fill whole groups, so an RLE run never splits a group. Bit-packed runs are capped at 63 groups so the header is
/// one byte, as parquet-mr writes it, for the benefit of strict old readers.
/// </remarks>
internal static class RleBitPackedHybridEncoder
{
    private const int MinRleRun = 8;
    private const int MaxGroupsPerBitPackedRun = 63;

    /// <summary>Number of bits needed to store <paramref name="maxValue"/> (0 for 0).</summary>
    public static int BitWidth(int maxValue) => maxValue <= 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)maxValue);

    /// <summary>Appends the hybrid encoding of <paramref name="values"/> (no length prefix) to <paramref name="output"/>.</summary>
    public static void Encode<T>(ReadOnlySpan<T> values, int bitWidth, ByteBuffer output)
        where T : unmanaged, IBinaryInteger<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitWidth, 32);
        var pendingStart = 0;
        var i = 0;
        while (i < values.Length)
        {
            var run = RunLength(values, i);
            var pending = i - pendingStart;
            if (run >= MinRleRun && pending % 8 == 0)
            {
                WriteBitPacked(values, pendingStart, pending, bitWidth, output);
                WriteRleRun(uint.CreateTruncating(values[i]), run, bitWidth, output);
                i += run;
                pendingStart = i;
            }
            else if (run >= MinRleRun)
            {
                // Complete the open group from this run; the rest of the run can still be RLE.
                i += 8 - (pending % 8);
            }
            else
            {
                i += run;
            }
        }
        WriteBitPacked(values, pendingStart, values.Length - pendingStart, bitWidth, output);
    }

    private static int RunLength<T>(ReadOnlySpan<T> values, int start)
        where T : unmanaged, IBinaryInteger<T>
    {
        var value = values[start];
        var end = start + 1;
        while (end < values.Length && values[end] == value)
        {
            end++;
        }
        return end - start;
    }

    private static void WriteRleRun(uint value, int count, int bitWidth, ByteBuffer output)
    {
        output.WriteUnsignedVarInt((ulong)count << 1);
        var valueBytes = (bitWidth + 7) / 8;
        for (var b = 0; b < valueBytes; b++)
        {
            output.WriteByte((byte)(value >> (8 * b)));
        }
    }

    private static void WriteBitPacked<T>(ReadOnlySpan<T> values, int start, int count, int bitWidth, ByteBuffer output)
        where T : unmanaged, IBinaryInteger<T>
    {
        while (count > 0)
        {
            var groups = Math.Min((count + 7) / 8, MaxGroupsPerBitPackedRun);
            var taken = Math.Min(count, groups * 8);
            output.WriteUnsignedVarInt(((ulong)groups << 1) | 1);
            var packed = output.GetSpan(groups * bitWidth);
            packed.Clear();
            ulong accumulator = 0;
            var bits = 0;
            var position = 0;
            for (var v = 0; v < groups * 8; v++)
            {
                // Values past the end are the zero padding of the last group.
                var value = v < taken ? ulong.CreateTruncating(values[start + v]) : 0UL;
                accumulator |= value << bits;
                bits += bitWidth;
                while (bits >= 8)
                {
                    packed[position++] = (byte)accumulator;
                    accumulator >>= 8;
                    bits -= 8;
                }
            }
            start += taken;
            count -= taken;
        }
    }
}
