using Ledger.Analytics.Model;
using Ledger.Analytics.Rendering;
using Spectre.Console;
using static Ledger.Analytics.Rendering.ReportFormatting;

namespace Ledger.Cli.Commands;

/// <summary>The console summary of <c>ledger report</c>: Spectre tables of the headline figures.</summary>
internal static class ReportConsoleView
{
    public static void Show(IAnsiConsole console, AnalyticsReport report)
    {
        var t = report.Totals;
        var totals = new Table().Title("Ledger report").AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        totals.AddRow("Window", Markup.Escape($"{Time(report.Window.From)} → {Time(report.Window.To)}"));
        totals.AddRow("Messages", Number(t.Messages));
        totals.AddRow("Speakers", Number(t.Speakers));
        totals.AddRow("Contexts", Number(t.Contexts));
        totals.AddRow("Sessions", Number(report.Sessions.Count));
        totals.AddRow("Rejected", Number(t.Rejected));
        totals.AddRow("Duplicate contents", Number(t.DuplicateContents));
        totals.AddRow("Median reply time", Duration(report.ReplyTime.MedianSeconds));
        totals.AddRow("[bold]Collaboration score[/]", $"[bold]{Decimal(report.CollaborationScore.Score)}[/] / 100");
        console.Write(totals);

        var c = report.CollaborationScore.Components;
        var score = new Table().Title("Score components").AddColumn("Component").AddColumn(new TableColumn("Value").RightAligned());
        score.AddRow("S1 speaker diversity", Decimal(c.SpeakerDiversity, 4));
        score.AddRow("S2 domain coverage", Decimal(c.DomainCoverage, 4));
        score.AddRow("S3 message consistency", Decimal(c.MessageConsistency, 4));
        score.AddRow("S4 metadata enrichment", Decimal(c.MetadataEnrichment, 4));
        score.AddRow("S5 SHL tagging", Decimal(c.ShlTagging, 4));
        console.Write(score);

        console.Write(Shares(report, "Top speakers", report.BySpeaker.Take(10)));
        console.Write(Shares(report, "Domains", report.ByDomain));
        console.Write(Shares(report, "ACE tiers", report.ByTier));
    }

    private static Table Shares(AnalyticsReport report, string title, IEnumerable<NamedCount> rows)
    {
        var table = new Table().Title(title).AddColumn("Name")
            .AddColumn(new TableColumn("Messages").RightAligned()).AddColumn(new TableColumn("Share").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Name), Number(row.Count), Percent(report, row.Count));
        }
        return table;
    }
}
