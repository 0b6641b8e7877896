namespace Ledger.Analytics.Model;

/// <summary>Session figures of one context.</summary>
public sealed record ContextSessions(
    string ContextId,
    long Sessions,
    long Messages,
    DateTime FirstMessage,
    DateTime LastMessage,
    double LongestSessionSeconds);
