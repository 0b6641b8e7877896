namespace Ledger.Cli.Bench;

/// <summary>What one <c>ledger bench-stage</c> run measured (also written as JSON under reports/bench/).</summary>
internal sealed class StageBenchResults
{
    public string GeneratedAt { get; set; } = "";
    public string Machine { get; set; } = "";
    public int Messages { get; set; }

    /// <summary>Whose messages ran: "bench", or the data directory whose journal they came from (<c>--data-dir</c>).</summary>
    public string MessageSource { get; set; } = "bench";
    public int Rounds { get; set; }
    public int BatchMessages { get; set; }
    public int Workers { get; set; }

    /// <summary>The runtime settings the stage ran with: tiered compilation off, as in the daemon, and config/runtime.env's.</summary>
    public string RuntimeEnvironment { get; set; } = "";

    /// <summary>The whole process's CPU time per message, one value per measured round.</summary>
    public double[] CpuMicrosecondsPerMessage { get; set; } = [];

    /// <summary>Wall time per message, one value per measured round.</summary>
    public double[] WallMicrosecondsPerMessage { get; set; } = [];

    public double MinCpuMicrosecondsPerMessage { get; set; }
    public double MedianCpuMicrosecondsPerMessage { get; set; }
    public double MinWallMicrosecondsPerMessage { get; set; }
    public double MedianWallMicrosecondsPerMessage { get; set; }
}
