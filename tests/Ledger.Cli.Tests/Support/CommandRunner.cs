using Ledger.Cli;
using Spectre.Console;

namespace Ledger.Cli.Tests.Support;

/// <summary>Runs a command in-process the way Program.cs does, with console output captured.</summary>
internal static class CommandRunner
{
    public static IAnsiConsole Console(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }

    public static Task<int> RunAsync(ICliCommand command, params string[] args) =>
        command.RunAsync(CliArguments.Parse(args, command.ValueOptions, command.FlagOptions), CancellationToken.None);
}
