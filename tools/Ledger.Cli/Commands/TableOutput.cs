using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary>Writes Spectre tables so that piped output stays one row per line.</summary>
internal static class TableOutput
{
    /// <summary>Writes <paramref name="table"/>; when stdout is redirected, wide enough that no cell wraps.</summary>
    /// <remarks>Spectre assumes 80 columns without a terminal and wraps cells, which breaks grep and scripts.</remarks>
    public static void Write(Table table)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 400);
        }
        AnsiConsole.Write(table);
    }
}
