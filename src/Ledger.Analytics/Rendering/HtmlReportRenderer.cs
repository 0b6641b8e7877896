using System.Text;
using Ledger.Analytics.Model;
using Ledger.Analytics.Rendering.Svg;
using static Ledger.Analytics.Rendering.ReportFormatting;

namespace Ledger.Analytics.Rendering;

/// <summary>Renders a report as one self-contained HTML file: inline CSS, inline SVG charts, no scripts, no external resources.</summary>
/// <remarks>Every string that came from the journal goes through <c>WebUtility.HtmlEncode</c> (via <see cref="H"/>).</remarks>
public static class HtmlReportRenderer
{
    public static string Render(AnalyticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var t = report.Totals;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.Append("<title>Ledger analytics report</title><style>").Append(HtmlStyles.Css).Append("</style></head><body><main>");
        html.Append("<h1>Ledger analytics report</h1>");
        html.Append($"<div class=\"meta\">Generated {H(Time(report.GeneratedAt))} · window {H(Time(report.Window.From))} → {H(Time(report.Window.To))}");
        if (report.ContextFilter is not null)
        {
            html.Append($" · context <code>{H(report.ContextFilter)}</code>");
        }
        html.Append("</div><div class=\"cards\">");
        Card(html, "Messages", Number(t.Messages));
        Card(html, "Speakers", Number(t.Speakers));
        Card(html, "Contexts", Number(t.Contexts));
        Card(html, "Sessions", Number(report.Sessions.Count));
        Card(html, "Rejected", Number(t.Rejected));
        Card(html, "Duplicate contents", Number(t.DuplicateContents));
        Card(html, "Median reply", Duration(report.ReplyTime.MedianSeconds));
        html.Append("</div>");

        html.Append("<section><h2>Messages over time (UTC hours)</h2>").Append(SvgTimelineChart.Render(report.Timeline)).Append("</section>");
        html.Append("<div class=\"grid\">");
        html.Append("<section><h2>By speaker</h2>").Append(SvgBarChart.Render("Messages by speaker", report.BySpeaker, t.Messages)).Append("</section>");
        html.Append("<section><h2>By domain</h2>").Append(SvgBarChart.Render("Messages by domain", report.ByDomain, t.Messages)).Append("</section>");
        html.Append("<section><h2>ACE tier split</h2>").Append(SvgTierChart.Render(report.ByTier, t.Messages));
        Score(html, report.CollaborationScore);
        html.Append("</section>");
        html.Append("<section><h2>Interaction matrix</h2>").Append(SvgInteractionMatrix.Render(report.Interactions, report.BySpeaker)).Append("</section>");
        html.Append("</div><div class=\"grid\">");
        Shares(html, report, "Speakers", report.BySpeaker);
        Shares(html, report, "Roles", report.ByRole);
        Shares(html, report, "Domains", report.ByDomain);
        Table(html, "Top keywords", ["Keyword", "Count"], report.TopKeywords.Select(k => new[] { H(k.Name), Number(k.Count) }));
        Table(html, "Interactions", ["From", "To", "Messages"], report.Interactions.Take(50).Select(i => new[] { H(i.From), H(i.To), Number(i.Count) }));
        var s = report.Sessions;
        Table(html, $"Sessions (gap &gt; {Decimal(s.GapMinutes, 0)} min): {Number(s.Count)}, average {H(Duration(s.AverageDurationSeconds))}",
            ["Context", "Sessions", "Messages", "Last message"],
            s.ByContext.Take(50).Select(c => new[] { H(c.ContextId), Number(c.Sessions), Number(c.Messages), H(Time(c.LastMessage)) }));
        html.Append("</div></main></body></html>\n");
        return html.ToString();
    }

    private static string H(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append($"<div class=\"card\"><div class=\"value\">{H(value)}</div><div class=\"label\">{H(label)}</div></div>");

    private static void Score(StringBuilder html, CollaborationScore score)
    {
        html.Append($"<h2 style=\"margin-top:16px\">Collaboration score</h2><div class=\"score\">{Decimal(score.Score)}<small> / 100</small></div>");
        var c = score.Components;
        html.Append("<table><tbody>");
        foreach (var (name, value) in new[]
        {
            ("S1 speaker diversity", c.SpeakerDiversity), ("S2 domain coverage", c.DomainCoverage),
            ("S3 message consistency", c.MessageConsistency), ("S4 metadata enrichment", c.MetadataEnrichment), ("S5 SHL tagging", c.ShlTagging),
        })
        {
            html.Append($"<tr><td>{name}</td><td class=\"num\">{Decimal(value, 4)}</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void Shares(StringBuilder html, AnalyticsReport report, string title, IReadOnlyList<NamedCount> rows) =>
        Table(html, title, ["Name", "Messages", "Share"], rows.Select(r => new[] { H(r.Name), Number(r.Count), Percent(report, r.Count) }));

    /// <summary>Cells must already be encoded; the first column is text, the rest numbers.</summary>
    private static void Table(StringBuilder html, string title, string[] header, IEnumerable<string[]> rows)
    {
        html.Append($"<section><h2>{title}</h2><table><thead><tr>");
        for (var i = 0; i < header.Length; i++)
        {
            html.Append(i == 0 ? $"<th>{header[i]}</th>" : $"<th class=\"num\">{header[i]}</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i == 0 ? $"<td>{row[i]}</td>" : $"<td class=\"num\">{row[i]}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></section>");
    }
}
