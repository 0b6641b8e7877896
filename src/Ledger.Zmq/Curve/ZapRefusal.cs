namespace Ledger.Zmq.Curve;

/// <summary>One connection the <see cref="ZapHandler"/> turned away.</summary>
/// <param name="PeerAddress">The peer's IP address as libzmq reports it (ZAP request frame 3).</param>
/// <param name="Domain">The ZAP domain of the server socket.</param>
/// <param name="Mechanism">The security mechanism the peer used ("CURVE", "NULL", "PLAIN").</param>
/// <param name="PublicKey">The peer's CURVE public key (Z85) when it presented one.</param>
/// <param name="Reason">Why it was refused, for the log.</param>
public sealed record ZapRefusal(string PeerAddress, string Domain, string Mechanism, string? PublicKey, string Reason);
