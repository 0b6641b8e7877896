using System.Text;
using Ledger.Analytics.Model;
using static Ledger.Analytics.Rendering.ReportFormatting;

namespace Ledger.Analytics.Rendering;

/// <summary>Renders a report as GitHub-flavoured Markdown tables; every name from the journal is escaped.</summary>
public static class MarkdownReportRenderer
{
    public static string Render(AnalyticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# Ledger analytics report").AppendLine();
        md.AppendLine($"Generated {Time(report.GeneratedAt)} · window {Time(report.Window.From)} → {Time(report.Window.To)}"
            + (report.ContextFilter is null ? "" : $" · context {MarkdownText.Escape(report.ContextFilter)}")).AppendLine();
        var t = report.Totals;
        Table(md, "Totals", ["Metric", "Value"],
        [
            ["Messages", Number(t.Messages)], ["Speakers", Number(t.Speakers)], ["Contexts", Number(t.Contexts)],
            ["Rejected", Number(t.Rejected)], ["Duplicate contents", Number(t.DuplicateContents) + (report.DuplicateContentsExact ? "" : " (lower bound)")],
            ["Median reply time", Duration(report.ReplyTime.MedianSeconds) + $" ({Number(report.ReplyTime.Samples)} replies)"],
        ]);
        var score = report.CollaborationScore;
        Table(md, $"Collaboration score: {Decimal(score.Score)} / 100", ["Component", "Value"],
        [
            ["S1 speaker diversity", Decimal(score.Components.SpeakerDiversity, 4)],
            ["S2 domain coverage", Decimal(score.Components.DomainCoverage, 4)],
            ["S3 message consistency", Decimal(score.Components.MessageConsistency, 4)],
            ["S4 metadata enrichment", Decimal(score.Components.MetadataEnrichment, 4)],
            ["S5 SHL tagging", Decimal(score.Components.ShlTagging, 4)],
        ]);
        Shares(md, report, "Messages by speaker", "Speaker", report.BySpeaker);
        Shares(md, report, "Messages by role", "Role", report.ByRole);
        Shares(md, report, "Messages by domain", "Domain", report.ByDomain);
        Shares(md, report, "Messages by ACE tier", "Tier", report.ByTier);
        Table(md, "Top keywords", ["#", "Keyword", "Count"],
            report.TopKeywords.Select((k, i) => new[] { (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), MarkdownText.Escape(k.Name), Number(k.Count) }));
        Table(md, "Interactions", ["From", "To", "Messages"],
            report.Interactions.Select(i => new[] { MarkdownText.Escape(i.From), MarkdownText.Escape(i.To), Number(i.Count) }));
        var s = report.Sessions;
        md.AppendLine($"## Sessions (gap > {Decimal(s.GapMinutes, 0)} min)").AppendLine();
        md.AppendLine($"{Number(s.Count)} sessions · {Decimal(s.AverageMessages)} messages on average · average {Duration(s.AverageDurationSeconds)} · longest {Duration(s.LongestDurationSeconds)}").AppendLine();
        Table(md, null, ["Context", "Sessions", "Messages", "First", "Last"],
            s.ByContext.Select(c => new[] { MarkdownText.Escape(c.ContextId), Number(c.Sessions), Number(c.Messages), Time(c.FirstMessage), Time(c.LastMessage) }));
        Table(md, "Timeline (UTC hours)", ["Hour", "Messages"],
            report.Timeline.Select(b => new[] { Hour(b.Hour), Number(b.Messages) }));
        return md.ToString();
    }

    private static void Shares(StringBuilder md, AnalyticsReport report, string title, string column, IReadOnlyList<NamedCount> rows) =>
        Table(md, title, [column, "Messages", "Share"],
            rows.Select(r => new[] { MarkdownText.Escape(r.Name), Number(r.Count), Percent(report, r.Count) }));

    private static void Table(StringBuilder md, string? title, string[] header, IEnumerable<string[]> rows)
    {
        if (title is not null)
        {
            md.AppendLine("## " + title).AppendLine();
        }
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? " --- |" : " ---: |")));
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            md.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        if (!any)
        {
            md.AppendLine("| (none) |" + string.Concat(Enumerable.Repeat(" |", header.Length - 1)));
        }
        md.AppendLine();
    }
}
