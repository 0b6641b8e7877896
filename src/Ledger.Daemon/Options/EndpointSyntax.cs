namespace Ledger.Daemon.Options;

/// <summary>Checks the shape of a ZeroMQ endpoint before libzmq sees it, so config errors name the key.</summary>
internal static class EndpointSyntax
{
    private static readonly string[] s_transports = ["tcp://", "ipc://", "inproc://"];

    public static bool IsValid(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return false;
        }
        foreach (var transport in s_transports)
        {
            if (endpoint.StartsWith(transport, StringComparison.Ordinal) && endpoint.Length > transport.Length)
            {
                return transport != "tcp://" || endpoint.LastIndexOf(':') > transport.Length;
            }
        }
        return false;
    }
}
