using System.Globalization;

namespace Ledger.Cli.Bench;

/// <summary>Reads single values out of the daemon's /metrics (Prometheus text exposition format).</summary>
internal static class PrometheusText
{
    /// <summary>The value of an unlabelled counter or gauge; 0 when the metric is absent.</summary>
    public static double Value(string metrics, string name)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
