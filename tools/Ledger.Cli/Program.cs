using Ledger.Cli;
using Ledger.Cli.Commands;

// The command table: one class per subcommand under Commands/.
ICliCommand[] commands =
[
    new SendCommand(),
    new TailCommand(),
    new QueryCommand(),
    new ReportCommand(),
    new SnapshotCommand(),
    new ReplayCommand(),
    new CheckpointCommand(),
    new ExportCommand(),
    new BenchCommand(),
    new BenchSendCommand(),
    new BenchStageCommand(),
    new JitProfileCommand(),
    new KeygenCommand(),
    new RejectedCommand(),
    new VerifyCommand(),
    new StatsCommand(),
    new ArchiveCommand(),
];

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    PrintCommandList(args.Length == 0 ? Console.Error : Console.Out);
    return args.Length == 0 ? 2 : 0;
}

var command = commands.FirstOrDefault(c => c.Name == args[0]);
if (command is null)
{
    Console.Error.WriteLine($"ledger: unknown command '{args[0]}'");
    PrintCommandList(Console.Error);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var parsed = CliArguments.Parse(args[1..], command.ValueOptions, command.FlagOptions);
    if (parsed.HelpRequested)
    {
        Console.Out.WriteLine(command.Usage);
        return 0;
    }
    return await command.RunAsync(parsed, cancellation.Token);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"ledger {command.Name}: {ex.Message}");
    Console.Error.WriteLine(command.Usage);
    return 2;
}
catch (OperationCanceledException)
{
    return 1;
}
// Failures a run can meet (a file, a daemon that is not there or does not answer in time, a malformed config line)
// end with their message and exit 1; a stack trace and an abort are for bugs.
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Ledger.Core.LedgerException or InvalidOperationException
    or TimeoutException or FormatException or HttpRequestException)
{
    Console.Error.WriteLine($"ledger {command.Name}: {ex.Message}");
    return 1;
}

void PrintCommandList(TextWriter output)
{
    output.WriteLine("usage: ledger <command> [options]   (ledger <command> --help for details)");
    output.WriteLine();
    foreach (var c in commands)
    {
        output.WriteLine($"  {c.Name,-12} {c.Summary}");
    }
}
