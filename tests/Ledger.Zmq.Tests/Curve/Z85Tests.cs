using Ledger.Zmq.Curve;

namespace Ledger.Zmq.Tests.Curve;

public sealed class Z85Tests
{
    // ZeroMQ RFC 32 (Z85), "Test Case".
    private static readonly byte[] s_rfcBytes = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    [Fact]
    public void Encode_Rfc32TestVector_IsHelloWorld() => Assert.Equal("HelloWorld", Z85.Encode(s_rfcBytes));

    [Fact]
    public void Decode_Rfc32TestVector_ReturnsBytes() => Assert.Equal(s_rfcBytes, Z85.Decode("HelloWorld"));

    [Fact]
    public void Decode_EncodedRandomKey_RoundTrips()
    {
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        var text = Z85.Encode(key);
        Assert.Equal(40, text.Length);
        Assert.Equal(key, Z85.Decode(text));
    }

    [Fact]
    public void Encode_LengthNotMultipleOfFour_Throws() =>
        Assert.Throws<ArgumentException>(() => Z85.Encode(new byte[5]));

    [Theory]
    [InlineData("Hello")] // 5 chars is fine, so make sure the cases below fail for the right reason
    public void TryDecode_ValidText_Succeeds(string text) => Assert.True(Z85.TryDecode(text, out _));

    [Theory]
    [InlineData("Hell")]
    [InlineData("Hell~")]
    [InlineData("Hell\u00e9")]
    [InlineData("Hel o")]
    public void TryDecode_WrongLengthOrAlphabet_ReturnsFalse(string text) => Assert.False(Z85.TryDecode(text, out _));

    [Fact]
    public void Decode_InvalidText_ThrowsFormatException() => Assert.Throws<FormatException>(() => Z85.Decode("Hel\"o"));
}
