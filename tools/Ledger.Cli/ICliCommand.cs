namespace Ledger.Cli;

/// <summary>One <c>ledger</c> subcommand. Exit codes: 0 ok, 1 failure, 2 usage (throw <see cref="UsageException"/>).</summary>
internal interface ICliCommand
{
    /// <summary>The word after <c>ledger</c>, e.g. <c>send</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>Full usage text printed by <c>--help</c> and on usage errors.</summary>
    string Usage { get; }

    /// <summary>Options that take a value, e.g. <c>--speaker</c> or <c>-n|--count</c> (aliases joined by |).</summary>
    IReadOnlyList<string> ValueOptions { get; }

    /// <summary>Options that are flags, e.g. <c>-f|--follow</c>.</summary>
    IReadOnlyList<string> FlagOptions { get; }

    /// <summary>Runs the command with its arguments (the subcommand name already removed).</summary>
    Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken);
}
