namespace Ledger.Zmq;

/// <summary>One event reported by a <see cref="ZmqSocketMonitor"/>.</summary>
/// <param name="Event">What happened.</param>
/// <param name="Value">The event's value: an errno, a ZAP status code or a file descriptor, by event.</param>
/// <param name="Endpoint">The endpoint it concerns.</param>
public sealed record ZmqMonitorEvent(ZmqMonitorEvents Event, int Value, string Endpoint);
