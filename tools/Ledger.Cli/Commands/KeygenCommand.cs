using Ledger.Zmq.Curve;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger keygen NAME</c>: a CURVE key pair as ZPL certificates (NAME.key, NAME.key_secret).</summary>
internal sealed class KeygenCommand : ICliCommand
{
    public string Name => "keygen";
    public string Summary => "create a CURVE key pair: NAME.key (public) and NAME.key_secret (0600)";
    public IReadOnlyList<string> ValueOptions => ["--out"];
    public IReadOnlyList<string> FlagOptions => [];

    public string Usage => """
        usage: ledger keygen NAME [--out DIR]
          Writes DIR/NAME.key (public certificate: give it to the other side) and DIR/NAME.key_secret (both keys,
          mode 0600: keep it on this host) in the ZPL format CZMQ and pyzmq's zmq.auth read. DIR defaults to the
          current directory. Existing files are never overwritten.
          Daemon: point Ledger:Security:Curve:ServerSecretKeyFile at its .key_secret and hand out its .key.
          Agents: copy each agent's .key into Ledger:Security:Curve:AuthorizedKeysDirectory.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count != 1)
        {
            throw new UsageException(args.Positionals.Count == 0 ? "missing NAME" : $"unexpected argument '{args.Positionals[1]}'");
        }
        var name = args.Positionals[0];
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new UsageException($"NAME '{name}' must be a plain file name; use --out for the directory");
        }
        var directory = args.Get("--out") ?? Directory.GetCurrentDirectory();
        try
        {
            var (publicFile, secretFile) = ZplCertificate.Write(directory, name, CurveKeyPair.Generate());
            Console.Out.WriteLine($"public key  {publicFile}");
            Console.Out.WriteLine($"secret key  {secretFile} (mode 0600; never share it)");
            return Task.FromResult(0);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"ledger keygen: {ex.Message}");
            return Task.FromResult(1);
        }
    }
}
