namespace Ledger.Cli;

/// <summary>Bad command-line use: the CLI prints the message and the command's usage, and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
