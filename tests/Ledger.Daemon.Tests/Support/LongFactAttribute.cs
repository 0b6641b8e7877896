namespace Ledger.Daemon.Tests.Support;

/// <summary>A fact that runs only when <c>LEDGER_LONG_TESTS=1</c> (minutes of kill loops on the shared box).</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LEDGER_LONG_TESTS") != "1")
        {
            Skip = "long test: set LEDGER_LONG_TESTS=1 to run";
        }
    }
}
