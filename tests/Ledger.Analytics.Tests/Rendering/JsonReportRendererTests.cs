using System.Text.Json;
using Ledger.Analytics.Rendering;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests.Rendering;

public sealed class JsonReportRendererTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Render_HandComputedFixture_ContractNamesAndValues()
    {
        _data.AppendJournal(HandComputedFixture.Records());
        var json = JsonReportRenderer.RenderToString(AnalyticsEngine.Run(_data.Path, new ReportOptions()));

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(DateTime.TryParse(root.GetProperty("generated_at").GetString(), out _));
        Assert.Equal("2025-12-01T10:00:00.000Z", root.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal("2025-12-01T15:45:00.000Z", root.GetProperty("window").GetProperty("to").GetString());
        var totals = root.GetProperty("totals");
        Assert.Equal(12, totals.GetProperty("messages").GetInt32());
        Assert.Equal(3, totals.GetProperty("speakers").GetInt32());
        Assert.Equal(2, totals.GetProperty("contexts").GetInt32());
        Assert.Equal(0, totals.GetProperty("rejected").GetInt32());
        Assert.Equal(3, totals.GetProperty("duplicate_contents").GetInt32());
        Assert.Equal(5, root.GetProperty("by_speaker").GetProperty("alice").GetInt32());
        Assert.Equal(7, root.GetProperty("by_role").GetProperty("Agent").GetInt32());
        Assert.Equal(3, root.GetProperty("by_domain").GetProperty("other").GetInt32());
        Assert.Equal(4, root.GetProperty("by_tier").GetProperty("A").GetInt32());
        Assert.Equal(41.67, root.GetProperty("percentages").GetProperty("by_speaker").GetProperty("alice").GetDouble());
        var keyword = root.GetProperty("top_keywords")[0];
        Assert.Equal(("deploy", 3), (keyword.GetProperty("keyword").GetString(), keyword.GetProperty("count").GetInt32()));
        var hour = root.GetProperty("timeline")[0];
        Assert.Equal(("2025-12-01T10:00:00.000Z", 4), (hour.GetProperty("hour").GetString(), hour.GetProperty("messages").GetInt32()));
        Assert.Equal(4, root.GetProperty("sessions").GetProperty("count").GetInt32());
        Assert.Equal("ctx-a", root.GetProperty("sessions").GetProperty("by_context")[0].GetProperty("context_id").GetString());
        var interaction = root.GetProperty("interactions")[0];
        Assert.Equal(("alice", "bob", 2), (interaction.GetProperty("from").GetString(), interaction.GetProperty("to").GetString(), interaction.GetProperty("count").GetInt32()));
        Assert.Equal(120, root.GetProperty("reply_time").GetProperty("median_seconds").GetDouble());
        var score = root.GetProperty("collaboration_score");
        Assert.Equal(71.62, score.GetProperty("score").GetDouble());
        var components = score.GetProperty("components");
        Assert.Equal(
            ["speaker_diversity", "domain_coverage", "message_consistency", "metadata_enrichment", "shl_tagging"],
            components.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.6, components.GetProperty("domain_coverage").GetDouble());
    }
}
