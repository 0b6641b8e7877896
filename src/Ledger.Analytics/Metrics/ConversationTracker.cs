using Ledger.Analytics.Model;
using Ledger.Analytics.Reading;

namespace Ledger.Analytics.Metrics;

/// <summary>Per-context state: sessions, speaker-to-speaker interactions and reply intervals.</summary>
/// <remarks>
/// Holds one small <see cref="ContextState"/> per distinct context and one counter per (speaker, addressee) pair, so
/// memory grows with contexts and speakers², never with messages. Messages without a <c>ContextId</c> belong to no
/// conversation: they count in totals but have no previous message, no session and no implicit addressee.
/// </remarks>
internal sealed class ConversationTracker
{
    private readonly Dictionary<string, ContextState> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), long> _interactions = [];
    private readonly TimeSpan _sessionGap;

    public ConversationTracker(TimeSpan sessionGap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sessionGap.Ticks, nameof(sessionGap));
        _sessionGap = sessionGap;
    }

    public ReplyTimeMedian ReplyTimes { get; } = new();

    public int ContextCount => _contexts.Count;

    public void Add(RecordFacts record)
    {
        ContextState? state = null;
        if (record.ContextId is { } contextId && !_contexts.TryGetValue(contextId, out state))
        {
            state = new ContextState(record.Timestamp);
            _contexts[contextId] = state;
        }
        var previousSpeaker = state?.LastSpeaker;
        var addressee = !string.IsNullOrEmpty(record.Receiver) ? record.Receiver : previousSpeaker;
        if (addressee is not null && !string.Equals(addressee, record.SpeakerName, StringComparison.Ordinal))
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_interactions, (record.SpeakerName, addressee), out _)++;
        }
        if (state is null)
        {
            return;
        }
        if (previousSpeaker is not null && !string.Equals(previousSpeaker, record.SpeakerName, StringComparison.Ordinal))
        {
            var interval = record.Timestamp - state.LastTimestamp;
            if (interval >= TimeSpan.Zero)
            {
                ReplyTimes.Add(interval.TotalMilliseconds);
            }
        }
        state.Observe(record.Timestamp, record.SpeakerName, _sessionGap);
    }

    public IReadOnlyList<Interaction> Interactions() =>
        _interactions
            .Select(pair => new Interaction(pair.Key.From, pair.Key.To, pair.Value))
            .OrderByDescending(i => i.Count).ThenBy(i => i.From, StringComparer.Ordinal).ThenBy(i => i.To, StringComparer.Ordinal)
            .ToArray();

    public SessionSummary Sessions()
    {
        var byContext = new List<ContextSessions>(_contexts.Count);
        long sessions = 0, messages = 0;
        double totalSeconds = 0, longest = 0;
        foreach (var (id, state) in _contexts)
        {
            var closed = state.Close();
            sessions += closed.Sessions;
            messages += closed.Messages;
            totalSeconds += closed.TotalDuration.TotalSeconds;
            longest = Math.Max(longest, closed.Longest.TotalSeconds);
            byContext.Add(new ContextSessions(id, closed.Sessions, closed.Messages, state.First, state.Last, closed.Longest.TotalSeconds));
        }
        return new SessionSummary(
            _sessionGap.TotalMinutes,
            sessions,
            sessions == 0 ? 0 : Math.Round((double)messages / sessions, 2, MidpointRounding.AwayFromZero),
            sessions == 0 ? 0 : Math.Round(totalSeconds / sessions, 3, MidpointRounding.AwayFromZero),
            longest,
            byContext.OrderByDescending(c => c.Messages).ThenBy(c => c.ContextId, StringComparer.Ordinal).ToArray());
    }
}
