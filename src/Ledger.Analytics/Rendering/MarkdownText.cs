using System.Text;

namespace Ledger.Analytics.Rendering;

/// <summary>Escapes message-derived text for Markdown table cells and prose.</summary>
/// <remarks>
/// Backslash-escapes every CommonMark punctuation character that can start markup (emphasis, code, links, tables,
/// headings, lists), and turns <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> into entities so no raw HTML survives
/// renderers that allow it. Newlines become spaces: a line break would end a table row.
/// </remarks>
public static class MarkdownText
{
    private const string Escaped = "\\`*_{}[]()#+-.!|~";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '\r': break;
                case '\n': builder.Append(' '); break;
                default:
                    if (Escaped.Contains(c, StringComparison.Ordinal))
                    {
                        builder.Append('\\');
                    }
                    builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }
}
