using System.Text;
using Ledger.Analytics.Model;
using static Ledger.Analytics.Rendering.Svg.SvgText;

namespace Ledger.Analytics.Rendering.Svg;

/// <summary>Heat map of who addresses whom: rows are speakers, columns addressees, shade by message count.</summary>
/// <remarks>Limited to the <see cref="MaxSpeakers"/> busiest speakers so the matrix stays readable on a laptop.</remarks>
internal static class SvgInteractionMatrix
{
    private const int MaxSpeakers = 12;
    private const int Cell = 40;
    private const int LabelSpace = 150;

    public static string Render(IReadOnlyList<Interaction> interactions, IReadOnlyList<NamedCount> speakers)
    {
        var names = speakers.Select(s => s.Name)
            .Concat(interactions.Select(i => i.To))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxSpeakers)
            .ToArray();
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var size = LabelSpace + Math.Max(1, names.Length) * Cell + 10;
        var max = interactions.Count == 0 ? 1 : Math.Max(1, interactions.Max(i => i.Count));
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {size} {size}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title>Interaction matrix (row speaker → column addressee)</title>");
        if (interactions.Count == 0)
        {
            svg.Append("<text x=\"10\" y=\"20\" class=\"muted\">no interactions</text>");
        }
        for (var i = 0; i < names.Length; i++)
        {
            var offset = LabelSpace + i * Cell;
            svg.Append($"<text x=\"{LabelSpace - 6}\" y=\"{offset + Cell / 2 + 4}\" text-anchor=\"end\">{Label(names[i], 20)}</text>");
            svg.Append($"<text transform=\"translate({offset + Cell / 2 + 4},{LabelSpace - 6}) rotate(-60)\">{Label(names[i], 20)}</text>");
            for (var j = 0; j < names.Length; j++)
            {
                svg.Append($"<rect x=\"{offset}\" y=\"{LabelSpace + j * Cell}\" width=\"{Cell - 2}\" height=\"{Cell - 2}\" class=\"empty\"/>");
            }
        }
        foreach (var interaction in interactions)
        {
            if (!index.TryGetValue(interaction.From, out var row) || !index.TryGetValue(interaction.To, out var column))
            {
                continue;
            }
            var x = LabelSpace + column * Cell;
            var y = LabelSpace + row * Cell;
            var opacity = 0.15 + 0.85 * interaction.Count / (double)max;
            svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{Cell - 2}\" height=\"{Cell - 2}\" fill=\"{Palette[0]}\" fill-opacity=\"{N(Math.Round(opacity, 2))}\">");
            svg.Append($"<title>{Label(interaction.From, 40)} → {Label(interaction.To, 40)}: {interaction.Count:N0}</title></rect>");
            svg.Append($"<text x=\"{x + Cell / 2 - 1}\" y=\"{y + Cell / 2 + 3}\" text-anchor=\"middle\" class=\"cell\">{Compact(interaction.Count)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Counts short enough for a 40-unit cell: 999, 1.2k, 43k, 1.5M (the exact count is in the tooltip).</summary>
    internal static string Compact(long count) => count switch
    {
        < 1_000 => count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        < 10_000 => N(Math.Round(count / 1000.0, 1)) + "k",
        < 1_000_000 => N(Math.Round(count / 1000.0)) + "k",
        _ => N(Math.Round(count / 1_000_000.0, 1)) + "M",
    };
}
