namespace Ledger.Analytics.Metrics;

/// <summary>What the tracker remembers about one context: the last message and the running session.</summary>
/// <remarks>
/// Sessions follow stream (journal) order. A timestamp earlier than the previous one (agents' clocks disagree) never
/// opens a new session; the session's end is the latest timestamp seen in it.
/// </remarks>
internal sealed class ContextState(DateTime first)
{
    private DateTime _sessionStart = first;
    private DateTime _sessionEnd = first;
    private long _sessions;
    private long _messages;
    private TimeSpan _closedDuration;
    private TimeSpan _longest;

    public string? LastSpeaker { get; private set; }
    public DateTime LastTimestamp { get; private set; } = first;
    public DateTime First { get; private set; } = first;
    public DateTime Last { get; private set; } = first;

    public void Observe(DateTime timestamp, string speaker, TimeSpan gap)
    {
        if (_messages == 0)
        {
            _sessions = 1;
        }
        else if (timestamp - _sessionEnd > gap)
        {
            CloseSession();
            _sessions++;
            _sessionStart = timestamp;
            _sessionEnd = timestamp;
        }
        if (timestamp > _sessionEnd)
        {
            _sessionEnd = timestamp;
        }
        _messages++;
        LastSpeaker = speaker;
        LastTimestamp = timestamp;
        First = timestamp < First ? timestamp : First;
        Last = timestamp > Last ? timestamp : Last;
    }

    /// <summary>Totals including the still-open last session (idempotent: the open session is not folded in).</summary>
    public (long Sessions, long Messages, TimeSpan TotalDuration, TimeSpan Longest) Close()
    {
        var open = _sessionEnd - _sessionStart;
        return (_sessions, _messages, _closedDuration + open, open > _longest ? open : _longest);
    }

    private void CloseSession()
    {
        var duration = _sessionEnd - _sessionStart;
        _closedDuration += duration;
        if (duration > _longest)
        {
            _longest = duration;
        }
    }
}
