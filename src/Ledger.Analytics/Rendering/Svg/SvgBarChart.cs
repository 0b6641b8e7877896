using System.Text;
using Ledger.Analytics.Model;
using static Ledger.Analytics.Rendering.Svg.SvgText;

namespace Ledger.Analytics.Rendering.Svg;

/// <summary>Horizontal bar chart of named counts (speakers, domains), largest first.</summary>
internal static class SvgBarChart
{
    private const int Width = 560;
    private const int RowHeight = 22;
    private const int LabelWidth = 170;
    private const int MaxRows = 15;

    public static string Render(string title, IReadOnlyList<NamedCount> counts, long total)
    {
        var rows = counts.Take(MaxRows).ToArray();
        var height = Math.Max(1, rows.Length) * RowHeight + 10;
        var max = rows.Length == 0 ? 1 : Math.Max(1, rows.Max(r => r.Count));
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append($"<title>{Encode(title)}</title>");
        if (rows.Length == 0)
        {
            svg.Append("<text x=\"10\" y=\"20\" class=\"muted\">no messages</text>");
        }
        var barSpace = Width - LabelWidth - 140; // room for "1,234,567 (12.3%)" after the longest bar
        for (var i = 0; i < rows.Length; i++)
        {
            var y = 5 + i * RowHeight;
            var width = Math.Max(1, barSpace * rows[i].Count / (double)max);
            var share = total == 0 ? 0 : 100.0 * rows[i].Count / total;
            svg.Append($"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{Label(rows[i].Name)}</text>");
            svg.Append($"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{N(width)}\" height=\"{RowHeight - 6}\" fill=\"{Palette[i % Palette.Length]}\" rx=\"2\"/>");
            svg.Append($"<text x=\"{N(LabelWidth + width + 6)}\" y=\"{y + 15}\" class=\"muted\">{rows[i].Count:N0} ({N(share)}%)</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
