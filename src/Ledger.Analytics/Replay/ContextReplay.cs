using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Analytics.Replay;

/// <summary>Replays one context: its ordered timeline, or its causal graph as Mermaid.</summary>
public static class ContextReplay
{
    /// <summary>The context's records in journal (Sequence) order, streamed.</summary>
    public static IEnumerable<LedgerRecord> Timeline(string dataDirectory, string contextId)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextId);
        return JournalReader.ReadAll(dataDirectory)
            .Where(r => string.Equals(r.ContextId, contextId, StringComparison.Ordinal));
    }

    /// <summary>Writes the causal DAG of the context as a Mermaid <c>graph TD</c>; returns the node count.</summary>
    /// <remarks>
    /// Each message is node <c>m1</c>, <c>m2</c>, … in journal order. Its incoming edge comes from the message its
    /// <c>CausationId</c> names when that message is earlier in the same context ("caused" edge, solid); otherwise from
    /// the previous message of the context (reply order, dotted). Edges only point forward in journal order, so the
    /// graph is acyclic. Memory: one id → node entry per message of this one context.
    /// </remarks>
    public static int WriteMermaid(string dataDirectory, string contextId, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var nodes = new Dictionary<string, int>(StringComparer.Ordinal);
        output.Write("graph TD\n");
        var count = 0;
        foreach (var record in Timeline(dataDirectory, contextId))
        {
            count++;
            var time = record.Timestamp.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            output.Write($"  m{count}[\"{MermaidText.Label(record.SpeakerName, 40)} {time}<br/>{MermaidText.Label(record.Message)}\"]\n");
            if (record.CausationId is { } cause && nodes.TryGetValue(cause, out var causeNode))
            {
                output.Write($"  m{causeNode} --> m{count}\n");
            }
            else if (count > 1)
            {
                output.Write($"  m{count - 1} -.-> m{count}\n");
            }
            nodes.TryAdd(record.Id, count);
        }
        return count;
    }
}
