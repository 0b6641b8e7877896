namespace Ledger.Parquet.Tests.Support;

/// <summary>A fact that runs only when LEDGER_LONG_TESTS=1 (slow, large-volume tests).</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LEDGER_LONG_TESTS") != "1")
        {
            Skip = "Long test: set LEDGER_LONG_TESTS=1 to run it.";
        }
    }
}
