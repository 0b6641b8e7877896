using System.Text;
using Ledger.Analytics.Model;
using static Ledger.Analytics.Rendering.Svg.SvgText;

namespace Ledger.Analytics.Rendering.Svg;

/// <summary>The ACE tier split as one stacked bar with a legend (a bar reads more exactly than a pie).</summary>
internal static class SvgTierChart
{
    private const int Width = 560;
    private const int Height = 90;

    private static readonly Dictionary<string, string> s_names = new(StringComparer.Ordinal)
    {
        ["A"] = "Architectural", ["C"] = "Collaborative", ["E"] = "Execution",
    };

    public static string Render(IReadOnlyList<NamedCount> tiers, long total)
    {
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title>Messages by ACE tier</title>");
        var x = 10.0;
        var usable = Width - 20.0;
        var legendX = 10;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var color = Palette[i % Palette.Length];
            var share = total == 0 ? 0 : tier.Count / (double)total;
            if (share > 0)
            {
                svg.Append($"<rect x=\"{N(x)}\" y=\"10\" width=\"{N(usable * share)}\" height=\"34\" fill=\"{color}\"><title>{Label(tier.Name)}: {tier.Count:N0}</title></rect>");
                x += usable * share;
            }
            var name = s_names.TryGetValue(tier.Name, out var full) ? $"{tier.Name} {full}" : tier.Name;
            svg.Append($"<rect x=\"{legendX}\" y=\"60\" width=\"12\" height=\"12\" fill=\"{color}\"/>");
            svg.Append($"<text x=\"{legendX + 16}\" y=\"71\">{Label(name)} {N(share * 100)}%</text>");
            legendX += 180;
        }
        if (total == 0)
        {
            svg.Append("<rect x=\"10\" y=\"10\" width=\"540\" height=\"34\" class=\"empty\"/>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
