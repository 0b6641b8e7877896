using System.Text;
using Ledger.Core.Ingest;

namespace Ledger.Core.Tests.Ingest;

public sealed class IdSnifferTests
{
    [Theory]
    [InlineData("{\"Id\":\"a\",\"SpeakerName\":3}", "a")]
    [InlineData("{\"SpeakerName\":3,\"ID\":\"b\"}", "b")]
    [InlineData("{\"event_id\":\"c\",\"payload\":[]}", "c")]
    [InlineData("{\"eventId\":\"d\"}", "d")]
    [InlineData("{\"Id\":42,\"SpeakerName\":3}", "42")]
    [InlineData("{\"nested\":{\"Id\":\"no\"},\"Id\":\"yes\"}", "yes")]
    public void TryFind_IdUnderAnyAcceptedSpelling_ReturnsIt(string json, string expected) =>
        Assert.Equal(expected, IdSniffer.TryFind(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"SpeakerName\":\"x\"}")]
    [InlineData("{\"Id\":")]
    [InlineData("not json")]
    [InlineData("{\"Id\":null}")]
    public void TryFind_NoReadableId_ReturnsNull(string json) =>
        Assert.Null(IdSniffer.TryFind(Encoding.UTF8.GetBytes(json)));
}
