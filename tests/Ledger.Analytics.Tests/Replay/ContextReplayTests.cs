using Ledger.Analytics.Replay;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests.Replay;

public sealed class ContextReplayTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Timeline_SegmentAndJournal_ContextOnlyInOrder()
    {
        var records = HandComputedFixture.Records();
        _data.WriteSegment("20251201T100000Z_0001", records[..7]);
        _data.AppendJournal(records[7..]);

        var timeline = ContextReplay.Timeline(_data.Path, "ctx-b").Select(r => r.Message).ToArray();

        Assert.Equal(["deploy now", "deploy ack", "deploy rollout", "docs updated"], timeline);
    }

    [Fact]
    public void WriteMermaid_CausationKnownOrNot_CausalEdgesElseReplyOrder()
    {
        _data.AppendJournal(
        [
            Some.Record("alice", Some.Base, "plan", "ctx", id: "m-1"),
            Some.Record("bob", Some.Base.AddMinutes(1), "step \"one\" <b>[x]</b>", "ctx", id: "m-2", causation: "m-1"),
            Some.Record("carol", Some.Base.AddMinutes(2), "other thread", "ctx2", id: "m-x"),
            Some.Record("carol", Some.Base.AddMinutes(3), "also answers plan", "ctx", id: "m-3", causation: "m-1"),
            Some.Record("alice", Some.Base.AddMinutes(4), "unknown cause", "ctx", id: "m-4", causation: "elsewhere"),
        ]);
        var output = new StringWriter();

        var nodes = ContextReplay.WriteMermaid(_data.Path, "ctx", output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
        Assert.Equal(4, nodes);
        Assert.Equal("graph TD", lines[0]);
        Assert.Equal(["m1 --> m2", "m1 --> m3", "m3 -.-> m4"], lines.Where(l => l.Contains("->", StringComparison.Ordinal)));
        Assert.Contains("m2[\"bob 10:01:00<br/>step #34;one#34; #60;b#62;#91;x#93;#60;/b#62;\"]", lines);
    }

    [Theory]
    [InlineData("a \"b\"", "a #34;b#34;")]
    [InlineData("x]\ny", "x#93; y")]
    [InlineData("<script>", "#60;script#62;")]
    [InlineData("a|b;c", "a#124;b#59;c")]
    public void Label_SpecialCharacters_EntityCoded(string text, string expected) =>
        Assert.Equal(expected, MermaidText.Label(text));

    [Fact]
    public void Label_LongText_Cut() => Assert.Equal(60, MermaidText.Label(new string('a', 100)).Length);
}
