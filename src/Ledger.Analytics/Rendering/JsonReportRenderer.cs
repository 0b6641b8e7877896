using System.Text.Encodings.Web;
using System.Text.Json;
using Ledger.Analytics.Model;
using Ledger.Core.Records;

namespace Ledger.Analytics.Rendering;

/// <summary>Writes a report as indented JSON with the snake_case names of docs/ANALYTICS.md.</summary>
/// <remarks>Written by hand with <see cref="Utf8JsonWriter"/> so every name is spelled once, here, as the contract says.</remarks>
public static class JsonReportRenderer
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Render(AnalyticsReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString("generated_at", LedgerRecordJson.FormatTimestamp(report.GeneratedAt));
        writer.WriteStartObject("window");
        WriteTime(writer, "from", report.Window.From);
        WriteTime(writer, "to", report.Window.To);
        writer.WriteEndObject();
        writer.WriteString("context_filter", report.ContextFilter);
        WriteTotals(writer, report);
        WriteCounts(writer, "by_speaker", report.BySpeaker);
        WriteCounts(writer, "by_role", report.ByRole);
        WriteCounts(writer, "by_domain", report.ByDomain);
        WriteCounts(writer, "by_tier", report.ByTier);
        writer.WriteStartObject("percentages");
        WritePercentages(writer, "by_speaker", report, report.BySpeaker);
        WritePercentages(writer, "by_role", report, report.ByRole);
        WritePercentages(writer, "by_domain", report, report.ByDomain);
        WritePercentages(writer, "by_tier", report, report.ByTier);
        writer.WriteEndObject();
        writer.WriteStartArray("top_keywords");
        foreach (var keyword in report.TopKeywords)
        {
            writer.WriteStartObject();
            writer.WriteString("keyword", keyword.Name);
            writer.WriteNumber("count", keyword.Count);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("timeline");
        foreach (var bucket in report.Timeline)
        {
            writer.WriteStartObject();
            writer.WriteString("hour", LedgerRecordJson.FormatTimestamp(bucket.Hour));
            writer.WriteNumber("messages", bucket.Messages);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteSessions(writer, report.Sessions);
        WriteInteractions(writer, report.Interactions);
        writer.WriteStartObject("reply_time");
        writer.WriteNumber("samples", report.ReplyTime.Samples);
        WriteNumber(writer, "median_seconds", report.ReplyTime.MedianSeconds);
        writer.WriteBoolean("exact", report.ReplyTime.Exact);
        writer.WriteEndObject();
        WriteScore(writer, report.CollaborationScore);
        writer.WriteEndObject();
    }

    public static string RenderToString(AnalyticsReport report)
    {
        using var buffer = new MemoryStream();
        Render(report, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTotals(Utf8JsonWriter writer, AnalyticsReport report)
    {
        var totals = report.Totals;
        writer.WriteStartObject("totals");
        writer.WriteNumber("messages", totals.Messages);
        writer.WriteNumber("speakers", totals.Speakers);
        writer.WriteNumber("contexts", totals.Contexts);
        writer.WriteNumber("rejected", totals.Rejected);
        writer.WriteNumber("duplicate_contents", totals.DuplicateContents);
        writer.WriteBoolean("duplicate_contents_exact", report.DuplicateContentsExact);
        writer.WriteEndObject();
    }

    private static void WriteSessions(Utf8JsonWriter writer, SessionSummary sessions)
    {
        writer.WriteStartObject("sessions");
        writer.WriteNumber("gap_minutes", sessions.GapMinutes);
        writer.WriteNumber("count", sessions.Count);
        writer.WriteNumber("average_messages", sessions.AverageMessages);
        writer.WriteNumber("average_duration_seconds", sessions.AverageDurationSeconds);
        writer.WriteNumber("longest_duration_seconds", sessions.LongestDurationSeconds);
        writer.WriteStartArray("by_context");
        foreach (var context in sessions.ByContext)
        {
            writer.WriteStartObject();
            writer.WriteString("context_id", context.ContextId);
            writer.WriteNumber("sessions", context.Sessions);
            writer.WriteNumber("messages", context.Messages);
            writer.WriteString("first_message", LedgerRecordJson.FormatTimestamp(context.FirstMessage));
            writer.WriteString("last_message", LedgerRecordJson.FormatTimestamp(context.LastMessage));
            writer.WriteNumber("longest_session_seconds", context.LongestSessionSeconds);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteInteractions(Utf8JsonWriter writer, IReadOnlyList<Interaction> interactions)
    {
        writer.WriteStartArray("interactions");
        foreach (var interaction in interactions)
        {
            writer.WriteStartObject();
            writer.WriteString("from", interaction.From);
            writer.WriteString("to", interaction.To);
            writer.WriteNumber("count", interaction.Count);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteScore(Utf8JsonWriter writer, CollaborationScore score)
    {
        writer.WriteStartObject("collaboration_score");
        writer.WriteNumber("score", score.Score);
        writer.WriteStartObject("components");
        writer.WriteNumber("speaker_diversity", score.Components.SpeakerDiversity);
        writer.WriteNumber("domain_coverage", score.Components.DomainCoverage);
        writer.WriteNumber("message_consistency", score.Components.MessageConsistency);
        writer.WriteNumber("metadata_enrichment", score.Components.MetadataEnrichment);
        writer.WriteNumber("shl_tagging", score.Components.ShlTagging);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyList<NamedCount> counts)
    {
        writer.WriteStartObject(name);
        foreach (var count in counts)
        {
            writer.WriteNumber(count.Name, count.Count);
        }
        writer.WriteEndObject();
    }

    private static void WritePercentages(Utf8JsonWriter writer, string name, AnalyticsReport report, IReadOnlyList<NamedCount> counts)
    {
        writer.WriteStartObject(name);
        foreach (var count in counts)
        {
            writer.WriteNumber(count.Name, report.Percent(count.Count));
        }
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTime? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, LedgerRecordJson.FormatTimestamp(value.Value));
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value.Value);
        }
    }
}
