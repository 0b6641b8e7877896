using Ledger.Analytics.Model;
using Ledger.Analytics.Scoring;
using Ledger.Analytics.Reading;

namespace Ledger.Analytics.Metrics;

/// <summary>Folds a stream of records into every report metric in one pass.</summary>
/// <remarks>
/// State is bounded by distinct speakers, roles, domains, tiers, keywords, contexts and UTC hours, plus the fixed-size
/// reply-time median and the capped duplicate detector; the message count only moves counters.
/// </remarks>
internal sealed class ReportAccumulator
{
    private const string OtherDomain = "other";

    private readonly ReportOptions _options;
    private readonly CountTable _speakers = new();
    private readonly CountTable _roles = new();
    private readonly CountTable _domains = new();
    private readonly CountTable _tiers = new();
    private readonly CountTable _keywords = new();
    private readonly Dictionary<long, long> _hours = [];
    private readonly DuplicateContentDetector _duplicates = new();
    private readonly ConversationTracker _conversations;
    private long _messages;
    private long _enriched;
    private long _fullyTagged;
    private DateTime? _first;
    private DateTime? _last;

    public ReportAccumulator(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _conversations = new ConversationTracker(options.SessionGap);
    }

    public long Messages => _messages;

    /// <summary>Records seen, filtered or not.</summary>
    public long Read { get; private set; }

    /// <summary>Adds one record when it passes the filters; returns whether it did.</summary>
    public bool Add(RecordFacts record)
    {
        Read++;
        if (!_options.Includes(record.Timestamp, record.ContextId))
        {
            return false;
        }
        _messages++;
        _speakers.Add(record.SpeakerName);
        _roles.Add(string.IsNullOrEmpty(record.SpeakerRole) ? "unknown" : record.SpeakerRole);
        _domains.Add(record.ChainType);
        _tiers.Add(record.AceTier);
        foreach (var keyword in record.Keywords)
        {
            _keywords.Add(keyword);
        }
        if (!string.Equals(record.ChainType, OtherDomain, StringComparison.Ordinal) && record.Keywords.Count > 0)
        {
            _enriched++;
        }
        if (record.FullyTagged)
        {
            _fullyTagged++;
        }
        var hour = record.Timestamp.Ticks / TimeSpan.TicksPerHour;
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_hours, hour, out _)++;
        _first = _first is null || record.Timestamp < _first ? record.Timestamp : _first;
        _last = _last is null || record.Timestamp > _last ? record.Timestamp : _last;
        _duplicates.Add(record.ContentKey);
        _conversations.Add(record);
        return true;
    }

    public AnalyticsReport Build(DateTime generatedAt, long rejected)
    {
        var coveredDomains = _domains.Ranked().Count(d => !string.Equals(d.Name, OtherDomain, StringComparison.Ordinal));
        var hourSpan = _hours.Count == 0 ? 0 : _hours.Keys.Max() - _hours.Keys.Min() + 1;
        var components = CollaborationScorer.Components(
            _speakers.Counts, coveredDomains, _options.DomainCount, _hours.Count, hourSpan, _enriched, _fullyTagged, _messages);
        var median = _conversations.ReplyTimes.MedianMilliseconds();
        return new AnalyticsReport
        {
            GeneratedAt = generatedAt,
            Window = new ReportWindow(_options.From ?? _first, _options.To ?? _last),
            ContextFilter = _options.ContextId,
            Totals = new ReportTotals(_messages, _speakers.Distinct, _conversations.ContextCount, rejected, _duplicates.Duplicates),
            BySpeaker = _speakers.Ranked(),
            ByRole = _roles.Ranked(),
            ByDomain = _domains.Ranked(),
            ByTier = Tiers(),
            TopKeywords = _keywords.Ranked(_options.TopKeywordCount),
            Timeline = _hours.OrderBy(h => h.Key).Select(h => new TimelineBucket(new DateTime(h.Key * TimeSpan.TicksPerHour, DateTimeKind.Utc), h.Value)).ToArray(),
            Sessions = _conversations.Sessions(),
            Interactions = _conversations.Interactions(),
            ReplyTime = new ReplyTimeSummary(
                _conversations.ReplyTimes.Count,
                median is null ? null : Math.Round(median.Value / 1000, 3, MidpointRounding.AwayFromZero),
                _conversations.ReplyTimes.IsExact),
            CollaborationScore = CollaborationScorer.Score(components),
            DuplicateContentsExact = _duplicates.IsExact,
        };
    }

    /// <summary>A, C and E always (zero when absent), then any other tier value the journal holds.</summary>
    private NamedCount[] Tiers()
    {
        string[] known = ["A", "C", "E"];
        var extra = _tiers.Ranked().Where(t => Array.IndexOf(known, t.Name) < 0);
        return known.Select(t => new NamedCount(t, _tiers[t])).Concat(extra).ToArray();
    }
}
