using System.Globalization;
using Ledger.Analytics.Model;
using Ledger.Core.Records;

namespace Ledger.Analytics.Rendering;

/// <summary>Number and time formats shared by the Markdown, HTML and console renderings (invariant culture).</summary>
public static class ReportFormatting
{
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Decimal(double value, int digits = 2) =>
        value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Percent(AnalyticsReport report, long count) =>
        Decimal(report.Percent(count)) + "%";

    public static string Time(DateTime? value) => value is null ? "—" : LedgerRecordJson.FormatTimestamp(value.Value);

    public static string Hour(DateTime hour) => hour.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);

    /// <summary>Seconds as a short human duration: 42.0 s, 3.5 min, 2.1 h.</summary>
    public static string Duration(double? seconds) => seconds switch
    {
        null => "—",
        < 120 => Decimal(seconds.Value, 1) + " s",
        < 7200 => Decimal(seconds.Value / 60, 1) + " min",
        _ => Decimal(seconds.Value / 3600, 1) + " h",
    };
}
