using Ledger.Cli.Bench;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger jit-profile</c>: records the daemon's JIT profile (see <see cref="JitProfile"/>).</summary>
/// <remarks>
/// The command runs itself again in a child process with the runtime's profile writing on, where it runs the bench
/// messages through the processing stage and exits (the runtime writes the file as the process ends).
/// </remarks>
internal sealed class JitProfileCommand : ICliCommand
{
    /// <summary>How many of a journal's records <c>--data-dir</c> takes (run in turn up to N).</summary>
    public const int JournalTemplates = 10_000;

    public string Name => "jit-profile";
    public string Summary => "record the daemon's JIT profile (the processing stage's counts; manage.sh start does it)";
    public IReadOnlyList<string> ValueOptions => ["--out", "-n|--count", "--rounds", "--rules", "--data-dir"];
    public IReadOnlyList<string> FlagOptions => [];

    public string Usage => """
        usage: ledger jit-profile [--out FILE] [-n N] [--rounds R] [--rules FILE] [--data-dir DIR]
          Runs N bench messages (default 50,000) through the daemon's processing stage R times (default 3) under
          tiered compilation and records the runtime's branch and call counts into FILE (default: beside the Release
          daemon, src/Ledger.Daemon/bin/Release/net10.0/Ledger.Daemon.jitprofile). A daemon started with
          DOTNET_TieredPGO=0 DOTNET_ReadPGOData=1 DOTNET_PGODataPath=FILE compiles with those counts: ./manage.sh start
          records the profile when the build is newer and starts the daemon so (LEDGER_JIT_PROFILE=0 turns it off).
          A method changed since the recording is compiled without counts; record again after a build.
          --data-dir DIR runs the messages of the journal in DIR (its first 10,000 records, in turn) instead of the
          bench's: the counts follow the texts, so record from your own traffic when it differs from the bench's
          English (LEDGER_JIT_PROFILE_DATA=DIR makes ./manage.sh start do so). --rules defaults to config/enrichment.json.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var count = args.GetInt("--count", JitProfile.DefaultCount, min: 1_000);
        var rounds = args.GetInt("--rounds", JitProfile.DefaultRounds, min: 1, max: 1_000);
        var root = CliDefaults.ProjectRoot();
        var rules = CliDefaults.EnrichmentRules(args, root, "jit-profile");
        var output = args.Get("--out") ?? (root is null
            ? throw new UsageException("run ledger jit-profile inside the Ledger repository or pass --out")
            : Path.Combine(root, "src", "Ledger.Daemon", "bin", "Release", "net10.0", JitProfile.FileName));
        if (Directory.Exists(output))
        {
            throw new UsageException($"--out names a directory: {output}");
        }

        var dataDirectory = CliDefaults.GivenDataDirectory(args);

        if (JitProfile.IsRecording(output + ".recording"))
        {
            // The child: the runtime records what runs here and writes the file as this process exits.
            var templates = dataDirectory is null ? null : JournalPayloads.Templates(dataDirectory, StageBench.Prefix, JournalTemplates);
            StageBench.Run(rules, count, rounds, batchMessages: 2_048, workers: 1, templates);
            return Task.FromResult(0);
        }
        if (!JitProfile.IsOptimizedBuild)
        {
            Console.Error.WriteLine("ledger jit-profile: a Debug build cannot record a JIT profile (the JIT compiles it for the debugger, unoptimized and uncounted); use a Release build");
            return Task.FromResult(1);
        }
        Console.Error.WriteLine($"[jit-profile] {count:N0} {(dataDirectory is null ? "bench messages" : $"messages of the journal in {dataDirectory}")} x {rounds} rounds through the processing stage, under tiered PGO...");
        JitProfile.Record(output, rules, count, rounds, dataDirectory);
        Console.WriteLine($"JIT profile recorded: {Path.GetFullPath(output)} ({new FileInfo(output).Length / 1024:N0} KiB)");
        return Task.FromResult(0);
    }
}
