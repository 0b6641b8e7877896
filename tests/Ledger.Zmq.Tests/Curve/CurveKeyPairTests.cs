using Ledger.Zmq.Curve;

namespace Ledger.Zmq.Tests.Curve;

public sealed class CurveKeyPairTests
{
    [Fact]
    public void Generate_Twice_ReturnsDistinctValidZ85Keys()
    {
        var first = CurveKeyPair.Generate();
        var second = CurveKeyPair.Generate();
        Assert.True(CurveKeyPair.IsValidKey(first.PublicKey));
        Assert.True(CurveKeyPair.IsValidKey(first.SecretKey));
        Assert.Equal(32, Z85.Decode(first.PublicKey).Length);
        Assert.NotEqual(first.PublicKey, first.SecretKey);
        Assert.NotEqual(first.PublicKey, second.PublicKey);
    }

    [Fact]
    public void FromSecret_GeneratedSecret_DerivesSamePublicKey()
    {
        var pair = CurveKeyPair.Generate();
        var rebuilt = CurveKeyPair.FromSecret(pair.SecretKey);
        Assert.Equal(pair.PublicKey, rebuilt.PublicKey);
        Assert.Equal(pair.SecretKey, rebuilt.SecretKey);
    }

    [Fact]
    public void FromSecret_PyzmqKeyPair_MatchesPyzmqPublicKey()
    {
        var output = Support.Python.Run("import zmq; p, s = zmq.curve_keypair(); print(p.decode()); print(s.decode())");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[0], CurveKeyPair.FromSecret(lines[1]).PublicKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tooshort")]
    [InlineData("~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~")]
    public void FromSecret_NotAKey_ThrowsFormatException(string secret) =>
        Assert.Throws<FormatException>(() => CurveKeyPair.FromSecret(secret));

    [Fact]
    public void ToString_Always_OmitsSecretKey()
    {
        var pair = CurveKeyPair.Generate();
        Assert.DoesNotContain(pair.SecretKey, pair.ToString(), StringComparison.Ordinal);
        Assert.Contains(pair.PublicKey, pair.ToString(), StringComparison.Ordinal);
    }
}
