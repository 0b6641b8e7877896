using Ledger.Analytics.Rendering;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests.Rendering;

public sealed class MarkdownReportRendererTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("*x* _y_ `z`", "\\*x\\* \\_y\\_ \\`z\\`")]
    [InlineData("<script>", "&lt;script&gt;")]
    [InlineData("[link](http://x)", "\\[link\\]\\(http://x\\)")]
    [InlineData("line1\nline2", "line1 line2")]
    [InlineData("plain words", "plain words")]
    public void Escape_SpecialCharacters_Neutralised(string input, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(input));

    [Fact]
    public void Render_HostileNames_EscapedAndTableRowsIntact()
    {
        _data.AppendJournal(ReportFixtures.Hostile());
        var markdown = MarkdownReportRenderer.Render(AnalyticsEngine.Run(_data.Path, new ReportOptions()));

        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", markdown, StringComparison.Ordinal);
        Assert.Contains("mallory&lt;script&gt;alert\\(1\\)&lt;/script&gt;", markdown, StringComparison.Ordinal);
        Assert.Contains("| eve\\|\\*bold\\*\\_x\\_\\`code\\` | 1 | 33.33% |", markdown, StringComparison.Ordinal);
        // Every table row has as many unescaped pipes as its header.
        foreach (var line in markdown.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("33.33%", StringComparison.Ordinal)))
        {
            Assert.Equal(4, line.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|'));
        }
        Assert.Contains("## Collaboration score:", markdown, StringComparison.Ordinal);
    }
}
