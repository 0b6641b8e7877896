using System.Buffers;
using System.Text;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Records;

public sealed class Utf8TwoOrThreeByteTests
{
    [Fact]
    public void TryDecode_EveryLeadWithEveryOneOrTwoFollowingBytes_SameAsRuneForTwoAndThreeByteScalars()
    {
        // Every two-byte string, and every three-byte string whose lead announces three bytes, alone and cut short:
        // decoded exactly where the runtime decodes a two- or three-byte scalar, refused everywhere else.
        var bytes = new byte[3];
        for (var lead = 0; lead < 256; lead++)
        {
            for (var second = 0; second < 256; second++)
            {
                var thirds = lead is >= 0xE0 and <= 0xEF ? 256 : 1;
                for (var third = 0; third < thirds; third++)
                {
                    bytes[0] = (byte)lead;
                    bytes[1] = (byte)second;
                    bytes[2] = (byte)third;
                    var length = thirds == 256 ? 3 : 2;
                    AssertSameAsRune(bytes.AsSpan(0, length));
                    AssertSameAsRune(bytes.AsSpan(0, length - 1));
                }
            }
        }
    }

    private static void AssertSameAsRune(ReadOnlySpan<byte> utf8)
    {
        var status = Rune.DecodeFromUtf8(utf8, out var rune, out var consumed);
        var expected = status == OperationStatus.Done && consumed is 2 or 3;

        var decoded = Utf8TwoOrThreeByte.TryDecode(utf8, 0, out var codePoint, out var width);

        Assert.True(expected == decoded, $"{Convert.ToHexString(utf8)}: runtime {status}/{consumed}, here {decoded}");
        if (expected)
        {
            Assert.Equal(rune.Value, codePoint);
            Assert.Equal(consumed, width);
        }
    }
}
