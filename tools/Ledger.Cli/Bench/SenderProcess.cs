using System.Diagnostics;

namespace Ledger.Cli.Bench;

/// <summary>Runs <c>ledger bench-send</c> in its own process: connect, wait for "go", PUSH N messages.</summary>
internal static class SenderProcess
{
    /// <summary>Starts a sender and returns it once connected; call <see cref="Go"/> to start the clock.</summary>
    /// <remarks>With <paramref name="dataDirectory"/> it sends that journal's messages (<see cref="JournalPayloads"/>).</remarks>
    public static ChildProcess Start(string endpoint, long count, string prefix, string? dataDirectory = null)
    {
        var sender = ChildProcess.StartDotnet(typeof(SenderProcess).Assembly.Location,
            ["bench-send", "--endpoint", endpoint, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--prefix", prefix,
                .. dataDirectory is null ? Array.Empty<string>() : ["--data-dir", Path.GetFullPath(dataDirectory)]],
            redirectInput: true);
        sender.WaitForOutput("ready", TimeSpan.FromSeconds(60));
        return sender;
    }

    public static Stopwatch Go(ChildProcess sender)
    {
        var stopwatch = Stopwatch.StartNew();
        sender.WriteLine("go");
        return stopwatch;
    }
}
