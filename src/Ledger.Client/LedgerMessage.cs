namespace Ledger.Client;

/// <summary>A message for the Ledger daemon, sent as the seed JSON shape (docs/PROTOCOL.md, DESIGN §4).</summary>
/// <remarks>
/// <see cref="Id"/> and <see cref="Timestamp"/> are fixed when the message is created, so every retry of the same
/// instance carries the same Id and the daemon can recognise it as a duplicate instead of storing it twice.
/// </remarks>
/// <param name="SpeakerName">Who speaks (required by the daemon).</param>
/// <param name="Message">The message text (required by the daemon).</param>
public sealed record LedgerMessage(string SpeakerName, string Message)
{
    /// <summary>Unique id; defaults to a new UUIDv7 (time-ordered). Retries reuse it.</summary>
    public string Id { get; init; } = Guid.CreateVersion7().ToString();

    /// <summary>When the message was said; defaults to its creation time (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The speaker's role; defaults to "Agent" like the seed agents.</summary>
    public string SpeakerRole { get; init; } = "Agent";

    /// <summary>The seed's ConversationType number; defaults to 0.</summary>
    public int ConversationType { get; init; }

    /// <summary>Addressee, if any.</summary>
    public string? Receiver { get; init; }

    /// <summary>Kind of message ("chat", "decision", ...), if any.</summary>
    public string? MessageType { get; init; }

    /// <summary>Conversation or task the message belongs to.</summary>
    public string? ContextId { get; init; }

    /// <summary>Id correlating a request with its replies.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Id of the message that caused this one.</summary>
    public string? CausationId { get; init; }

    /// <summary>
    /// Client metadata (strings, numbers, booleans, nested dictionaries and lists, JsonElement). The daemon keeps it
    /// under Metadata; its enrichment keys win on conflict and the client's value moves to <c>client_&lt;key&gt;</c>.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }
}
