using System.Globalization;
using System.Text;

namespace Ledger.Analytics.Replay;

/// <summary>Escapes journal text for a quoted Mermaid node label (<c>n1["…"]</c>).</summary>
/// <remarks>
/// Mermaid decodes <c>#&lt;decimal&gt;;</c> entity codes inside labels, so every character that could end the label,
/// open markup or be read as HTML (<c>" # &amp; &lt; &gt; [ ] { } ( ) | ` ;</c>) becomes one; line breaks become spaces and
/// the label is cut to a maximum length.
/// </remarks>
public static class MermaidText
{
    private const string Special = "\"#&<>[]{}()|`;\\";

    public static string Label(string text, int maxLength = 60)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length > maxLength ? string.Concat(text.AsSpan(0, maxLength - 1), "…") : text;
        var builder = new StringBuilder(cut.Length + 16);
        foreach (var c in cut)
        {
            if (c is '\n' or '\r' or '\t')
            {
                builder.Append(' ');
            }
            else if (Special.Contains(c, StringComparison.Ordinal) || char.IsControl(c))
            {
                builder.Append('#').Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
