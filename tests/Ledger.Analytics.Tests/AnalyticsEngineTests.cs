using Ledger.Analytics.Model;
using Ledger.Analytics.Rendering;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests;

public sealed class AnalyticsEngineTests : IDisposable
{
    private static readonly DateTime s_generatedAt = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private AnalyticsReport Run(ReportOptions? options = null) =>
        AnalyticsEngine.Run(_data.Path, options ?? new ReportOptions(), timeProvider: new FixedTime(s_generatedAt));

    private AnalyticsReport RunFixture()
    {
        _data.AppendJournal(HandComputedFixture.Records());
        _data.WriteRejected(2);
        return Run();
    }

    [Fact]
    public void Run_HandComputedFixture_Totals()
    {
        var report = RunFixture();
        Assert.Equal(new ReportTotals(Messages: 12, Speakers: 3, Contexts: 2, Rejected: 2, DuplicateContents: 3), report.Totals);
        Assert.True(report.DuplicateContentsExact);
        Assert.Equal(s_generatedAt, report.GeneratedAt);
        Assert.Equal(new ReportWindow(new DateTime(2025, 12, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2025, 12, 1, 15, 45, 0, DateTimeKind.Utc)), report.Window);
    }

    [Fact]
    public void Run_HandComputedFixture_Breakdowns()
    {
        var report = RunFixture();
        Assert.Equal([new("alice", 5), new("carol", 4), new("bob", 3)], report.BySpeaker);
        Assert.Equal([new("Agent", 7), new("Reviewer", 4), new("unknown", 1)], report.ByRole);
        Assert.Equal(
            [new("other", 3), new("deployment_ops", 2), new("security", 2), new("system_architecture", 2),
             new("documentation", 1), new("performance", 1), new("testing_validation", 1)],
            report.ByDomain);
        Assert.Equal([new("A", 4), new("C", 3), new("E", 5)], report.ByTier);
        Assert.Equal(41.67, report.Percent(5));
        Assert.Equal(
            [new("deploy", 3), new("lease", 3), new("token", 2), new("context", 1), new("latency", 1), new("rollout", 1), new("tests", 1)],
            report.TopKeywords);
    }

    [Fact]
    public void Run_HandComputedFixture_TimelineSessionsInteractionsReplyTime()
    {
        var report = RunFixture();
        DateTime Hour(int h) => new(2025, 12, 1, h, 0, 0, DateTimeKind.Utc);
        Assert.Equal([new(Hour(10), 4), new(Hour(11), 2), new(Hour(13), 3), new(Hour(15), 3)], report.Timeline);

        var sessions = report.Sessions;
        Assert.Equal(30, sessions.GapMinutes);
        Assert.Equal(4, sessions.Count);
        Assert.Equal(2.5, sessions.AverageMessages);
        Assert.Equal(382.5, sessions.AverageDurationSeconds); // (210 + 120 + 1200 + 0) / 4
        Assert.Equal(1200, sessions.LongestDurationSeconds);
        Assert.Equal(
            [new("ctx-a", 2, 6, new(2025, 12, 1, 10, 0, 0, DateTimeKind.Utc), new(2025, 12, 1, 11, 12, 0, DateTimeKind.Utc), 210),
             new("ctx-b", 2, 4, new(2025, 12, 1, 13, 0, 0, DateTimeKind.Utc), new(2025, 12, 1, 15, 0, 0, DateTimeKind.Utc), 1200)],
            sessions.ByContext);

        Assert.Equal(
            [new("alice", "bob", 2), new("alice", "carol", 1), new("bob", "alice", 1), new("bob", "carol", 1),
             new("carol", "alice", 1), new("carol", "bob", 1)],
            report.Interactions);
        // replies: 60, 120, 3990, 120, 10, 1190 s -> median (120 + 120) / 2
        Assert.Equal(new ReplyTimeSummary(6, 120, true), report.ReplyTime);
    }

    [Fact]
    public void Run_HandComputedFixture_CollaborationScore()
    {
        var c = RunFixture().CollaborationScore;
        Assert.Equal(Math.Round(HandComputedFixture.SpeakerDiversity, 4), c.Components.SpeakerDiversity);
        Assert.Equal(0.9808, c.Components.SpeakerDiversity);
        Assert.Equal(0.6, c.Components.DomainCoverage);       // 6 named domains of 10
        Assert.Equal(0.6667, c.Components.MessageConsistency); // hours 10,11,13,15 of 10..15
        Assert.Equal(0.6667, c.Components.MetadataEnrichment); // 8 of 12
        Assert.Equal(0.6667, c.Components.ShlTagging);         // 8 of 12
        Assert.Equal(71.62, c.Score);                          // 20 × 3.58083…
    }

    [Fact]
    public void Run_SegmentPlusJournal_SameReportAsOneJournal()
    {
        var records = HandComputedFixture.Records();
        _data.AppendJournal(records);
        var whole = JsonReportRenderer.RenderToString(Run());

        using var split = new TempDataDirectory();
        split.WriteSegment("20251201T100000Z_0001", records[..3]);
        split.WriteSegment("20251201T110000Z_0002", records[3..7]);
        split.AppendJournal(records[7..]);
        var pieces = JsonReportRenderer.RenderToString(AnalyticsEngine.Run(split.Path, new ReportOptions(), timeProvider: new FixedTime(s_generatedAt)));

        Assert.Equal(whole, pieces);
        Assert.Contains("\"messages\": 12", pieces, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WindowAndContextFilters_OnlyMatchingMessages()
    {
        _data.AppendJournal(HandComputedFixture.Records());
        var from = new DateTime(2025, 12, 1, 11, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2025, 12, 1, 15, 0, 0, DateTimeKind.Utc);

        var windowed = Run(new ReportOptions { From = from, To = to });
        Assert.Equal(5, windowed.Totals.Messages); // 11:10, 11:12, 13:00, 13:00:10, 13:20; 15:00 excluded (half-open)
        Assert.Equal(new ReportWindow(from, to), windowed.Window);

        var context = Run(new ReportOptions { ContextId = "ctx-b" });
        Assert.Equal(4, context.Totals.Messages);
        Assert.Equal(1, context.Totals.Contexts);
        Assert.Equal("ctx-b", context.ContextFilter);
    }

    [Fact]
    public void Run_SessionGapOption_SplitsDifferently()
    {
        _data.AppendJournal(HandComputedFixture.Records());
        // 120 min: the 66.5 min and 100 min gaps no longer split; 5 min: 13:00:10 -> 13:20 splits too
        Assert.Equal(2, Run(new ReportOptions { SessionGap = TimeSpan.FromMinutes(120) }).Sessions.Count);
        Assert.Equal(5, Run(new ReportOptions { SessionGap = TimeSpan.FromMinutes(5) }).Sessions.Count);
    }

    [Fact]
    public void Run_EmptyDirectory_ZeroReport()
    {
        var report = Run();
        Assert.Equal(new ReportTotals(0, 0, 0, 0, 0), report.Totals);
        Assert.Equal(0, report.CollaborationScore.Score);
        Assert.Null(report.ReplyTime.MedianSeconds);
        Assert.Equal(new ReportWindow(null, null), report.Window);
    }

    [Fact]
    public void Run_MissingDirectory_Throws()
    {
        Assert.Throws<Ledger.Core.LedgerException>(() => AnalyticsEngine.Run(Path.Combine(_data.Path, "nope"), new ReportOptions()));
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
