using System.Globalization;
using System.Text.Json;

namespace Ledger.Cli.Bench;

/// <summary>What every benchmark's JSON file carries and how it is written (reports/bench/PREFIX_YYYYMMDD_HHMMSS.json).</summary>
internal static class BenchJson
{
    /// <summary>The time a run's results were made, ISO 8601 UTC.</summary>
    public static string Now() => DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);

    /// <summary>The machine a run measured: cores and OS.</summary>
    public static string Machine() => $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    /// <summary>Writes <paramref name="results"/> to <paramref name="outDir"/>/<paramref name="prefix"/>_YYYYMMDD_HHMMSS.json and says where.</summary>
    public static void Write<T>(string outDir, string prefix, T results)
    {
        Directory.CreateDirectory(outDir);
        var file = Path.Combine(outDir, $"{prefix}_{DateTime.UtcNow:yyyyMMdd_HHmmss}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"written: {file}");
    }
}
