using Ledger.Analytics.Querying;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests.Querying;

public sealed class RecordQueryTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public RecordQueryTests()
    {
        var records = HandComputedFixture.Records();
        _data.WriteSegment("20251201T100000Z_0001", records[..6]);
        _data.AppendJournal(records[6..]);
    }

    public void Dispose() => _data.Dispose();

    private string[] Messages(RecordQuery query) => query.Run(_data.Path).Select(r => r.Message).ToArray();

    [Fact]
    public void Run_NoFilters_EveryRecordInOrder() =>
        Assert.Equal(HandComputedFixture.Records().Select(r => r.Message), Messages(new RecordQuery()));

    [Fact]
    public void Run_SpeakerAndChainGlobs_Intersection() =>
        Assert.Equal(["deploy now", "deploy rollout"], Messages(new RecordQuery { Speaker = new("car*"), Chain = new("deploy*") }));

    [Fact]
    public void Run_TierAndContext_Exact() =>
        Assert.Equal(["lease design for the context", "agreed on the lease", "token review"],
            Messages(new RecordQuery { Tier = "a", Context = new("ctx-a") }));

    [Fact]
    public void Run_TextCaseInsensitive_Substring() =>
        Assert.Equal(["lease design for the context", "agreed on the lease", "token lease fix"], Messages(new RecordQuery { Text = "LEASE" }));

    [Fact]
    public void Run_SinceUntilHalfOpen_Window() =>
        Assert.Equal(["deploy now", "deploy ack", "deploy rollout"], Messages(new RecordQuery
        {
            Since = new DateTime(2025, 12, 1, 13, 0, 0, DateTimeKind.Utc),
            Until = new DateTime(2025, 12, 1, 15, 0, 0, DateTimeKind.Utc),
        }));

    [Fact]
    public void Run_Limit_StopsEarly() =>
        Assert.Equal(["lease design for the context", "tests are written"], Messages(new RecordQuery { Speaker = new("alice"), Limit = 2 }));

    [Fact]
    public void Run_TypeGlob_MatchesMessageType()
    {
        _data.AppendJournal([Some.Record("bob", message: "started", type: "execution.start"), Some.Record("bob", message: "planned", type: "plan.start")]);
        Assert.Equal(["started"], Messages(new RecordQuery { Type = new("execution.*") }));
    }
}
