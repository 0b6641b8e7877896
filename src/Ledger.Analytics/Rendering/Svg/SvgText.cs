using System.Globalization;
using System.Net;

namespace Ledger.Analytics.Rendering.Svg;

/// <summary>Escaping and number formatting for inline SVG (the charts live inside the HTML document).</summary>
internal static class SvgText
{
    /// <summary>HTML-encodes journal-derived text and cuts it to <paramref name="maxLength"/> characters.</summary>
    public static string Label(string text, int maxLength = 24) =>
        WebUtility.HtmlEncode(text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…"));

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Coordinates with one decimal, invariant culture (a comma would break the attribute).</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static readonly string[] Palette =
        ["#3b6ea5", "#e07b39", "#4f9d69", "#c0504d", "#8064a2", "#4bacc6", "#9c8b2e", "#d16ba5", "#5a7d7c", "#a0522d"];
}
