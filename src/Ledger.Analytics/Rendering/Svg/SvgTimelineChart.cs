using System.Text;
using Ledger.Analytics.Model;
using static Ledger.Analytics.Rendering.Svg.SvgText;

namespace Ledger.Analytics.Rendering.Svg;

/// <summary>Messages per UTC hour as columns on a true time axis (empty hours stay empty, not squeezed out).</summary>
internal static class SvgTimelineChart
{
    private const int Width = 900;
    private const int Height = 220;
    private const int Left = 50;
    private const int Bottom = 30;
    private const int Top = 10;

    public static string Render(IReadOnlyList<TimelineBucket> buckets)
    {
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart wide\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title>Messages per UTC hour</title>");
        var plotWidth = Width - Left - 10.0;
        var plotHeight = Height - Top - Bottom;
        svg.Append($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 10}\" y2=\"{Height - Bottom}\" class=\"axis\"/>");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" class=\"axis\"/>");
        if (buckets.Count == 0)
        {
            svg.Append($"<text x=\"{Left + 10}\" y=\"{Height / 2}\" class=\"muted\">no messages</text></svg>");
            return svg.ToString();
        }
        var first = buckets[0].Hour;
        var spanHours = (buckets[^1].Hour - first).TotalHours + 1;
        var max = Math.Max(1, buckets.Max(b => b.Messages));
        var columnWidth = plotWidth / spanHours;
        foreach (var bucket in buckets)
        {
            var x = Left + (bucket.Hour - first).TotalHours * columnWidth;
            var h = plotHeight * bucket.Messages / (double)max;
            svg.Append($"<rect x=\"{N(x)}\" y=\"{N(Height - Bottom - h)}\" width=\"{N(Math.Max(1, columnWidth - 1))}\" height=\"{N(h)}\" fill=\"{Palette[0]}\">");
            svg.Append($"<title>{ReportFormatting.Hour(bucket.Hour)}: {bucket.Messages:N0}</title></rect>");
        }
        svg.Append($"<text x=\"{Left - 6}\" y=\"{Top + 10}\" text-anchor=\"end\" class=\"muted\">{max:N0}</text>");
        svg.Append($"<text x=\"{Left - 6}\" y=\"{Height - Bottom}\" text-anchor=\"end\" class=\"muted\">0</text>");
        svg.Append($"<text x=\"{Left}\" y=\"{Height - 8}\" class=\"muted\">{ReportFormatting.Hour(first)}</text>");
        svg.Append($"<text x=\"{Width - 10}\" y=\"{Height - 8}\" text-anchor=\"end\" class=\"muted\">{ReportFormatting.Hour(buckets[^1].Hour)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
