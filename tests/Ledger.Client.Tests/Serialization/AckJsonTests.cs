using System.Text;
using Ledger.Client.Serialization;

namespace Ledger.Client.Tests.Serialization;

public sealed class AckJsonTests
{
    [Fact]
    public void TryParse_DaemonStoredAck_ReadsFields()
    {
        Assert.True(AckJson.TryParse("""{"Id":"m1","Sequence":42,"Status":"stored","Error":null}"""u8, out var ack));
        Assert.Equal(new AckJson.Parsed("m1", 42, "stored", null), ack);
    }

    [Fact]
    public void TryParse_RejectedAckWithNullSequence_ReadsError()
    {
        Assert.True(AckJson.TryParse("""{"Id":"m1","Sequence":null,"Status":"rejected","Error":"missing field Message","Extra":{"a":[1]}}"""u8, out var ack));
        Assert.Equal(new AckJson.Parsed("m1", 0, "rejected", "missing field Message"), ack);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"Id\":")]
    public void TryParse_Garbage_ReturnsFalse(string text) => Assert.False(AckJson.TryParse(Encoding.UTF8.GetBytes(text), out _));
}
