using Ledger.Analytics.Rendering;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests.Rendering;

public sealed class HtmlReportRendererTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string Render()
    {
        _data.AppendJournal(ReportFixtures.Hostile());
        _data.AppendJournal(HandComputedFixture.Records());
        return HtmlReportRenderer.Render(AnalyticsEngine.Run(_data.Path, new ReportOptions()));
    }

    [Fact]
    public void Render_HostileNames_NoLiveMarkupFromData()
    {
        var html = Render();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>kw", html, StringComparison.Ordinal);
        Assert.Contains("mallory&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("ctx-&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Report_SelfContainedWithFiveCharts()
    {
        var html = Render();

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(5, html.Split("<svg ").Length - 1);
        foreach (var title in new[] { "Messages per UTC hour", "Messages by speaker", "Messages by domain", "Messages by ACE tier", "Interaction matrix" })
        {
            Assert.Contains($"<title>{title}", html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }
}
