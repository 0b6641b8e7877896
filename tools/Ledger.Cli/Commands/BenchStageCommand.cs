using System.Globalization;
using Ledger.Cli.Bench;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger bench-stage</c>: the processing stage alone (decode, hash, enrich, serialize, commit), in-process, round after round.</summary>
/// <remarks>
/// The daemon compiles every method fully optimized on first use (no tiered compilation, so no dynamic PGO); a
/// measurement under tiering would time different machine code. When this process runs with tiering, the command
/// runs itself again in a child process with <c>DOTNET_TieredCompilation=0</c> and config/runtime.env's settings.
/// </remarks>
internal sealed class BenchStageCommand : ICliCommand
{
    private const string TieringVariable = "DOTNET_TieredCompilation";

    public string Name => "bench-stage";
    public string Summary => "benchmark: the processing stage alone, in-process (CPU per message, to compare builds)";
    public IReadOnlyList<string> ValueOptions => ["-n|--count", "--rounds", "--batch", "--workers", "--rules", "--out", "--data-dir"];
    public IReadOnlyList<string> FlagOptions => ["--no-jit-profile"];

    public string Usage => """
        usage: ledger bench-stage [-n N] [--rounds R] [--batch B] [--workers W] [--rules FILE] [--out DIR] [--data-dir DIR]
                                  [--no-jit-profile]
          Runs N bench messages (default 200,000; the messages of `ledger bench`) through the daemon's processing
          stage (decode, MD5, enrich, serialize, exactly-once check, Sequence) in batches of B (default 2,048, the
          daemon's largest) with W threads (default 1; the daemon uses one per core), R times (default 7) after one
          unmeasured round, with no sockets and no disk. Prints the CPU and wall time per message of each round, their
          minimum and median, and writes DIR/stage_YYYYMMDD_HHMMSS.json (default reports/bench).
          Compare two builds by the minimum and median CPU per message of runs taken in turns: in a quiet minute a
          change of 2-3 % shows here that `ledger bench` cannot resolve. --rules defaults to config/enrichment.json.
          --data-dir DIR runs the messages of the journal in DIR (its first 10,000 records, in turn) instead.
          Compiled as the daemon is: no tiered compilation, config/runtime.env's settings, and a JIT profile of this
          build recorded first (`ledger jit-profile`, ~2 s); --no-jit-profile compiles without one.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var count = args.GetInt("--count", 200_000, min: 1_000);
        var rounds = args.GetInt("--rounds", 7, min: 1, max: 1_000);
        var batch = args.GetInt("--batch", 2_048, min: 1, max: 1_000_000);
        var workers = args.GetInt("--workers", 1, min: 1, max: 64);
        var root = CliDefaults.ProjectRoot();
        var rules = CliDefaults.EnrichmentRules(args, root, "bench-stage");
        var outDir = args.Get("--out") ?? Path.Combine(CliDefaults.ReportsDirectory(), "bench");
        var dataDirectory = CliDefaults.GivenDataDirectory(args);
        if (Environment.GetEnvironmentVariable(TieringVariable) != "0")
        {
            string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
            return Task.FromResult(RunAsDaemonCompiles(
                ["-n", Text(count), "--rounds", Text(rounds), "--batch", Text(batch), "--workers", Text(workers), "--rules", rules, "--out", outDir,
                    .. dataDirectory is null ? Array.Empty<string>() : ["--data-dir", Path.GetFullPath(dataDirectory)]],
                root, rules, dataDirectory, withProfile: !args.Has("--no-jit-profile")));
        }

        Console.Error.WriteLine($"[bench-stage] {count:N0} messages, {rounds} rounds of batches of {batch:N0}, {workers} thread(s)...");
        var templates = dataDirectory is null ? null : JournalPayloads.Templates(dataDirectory, StageBench.Prefix, JitProfileCommand.JournalTemplates);
        var measured = StageBench.Run(rules, count, rounds, batch, workers, templates);
        var cpu = measured.Select(r => r.CpuMicrosecondsPerMessage).ToArray();
        var wall = measured.Select(r => r.WallMicrosecondsPerMessage).ToArray();
        var results = new StageBenchResults
        {
            GeneratedAt = BenchJson.Now(),
            Machine = BenchJson.Machine(),
            Messages = count,
            MessageSource = dataDirectory is null ? "bench" : Path.GetFullPath(dataDirectory),
            Rounds = rounds,
            BatchMessages = batch,
            Workers = workers,
            RuntimeEnvironment = string.Join(" ", (root is null ? [] : RuntimeEnvFile.AsApplied(root))
                .Prepend(new(TieringVariable, Environment.GetEnvironmentVariable(TieringVariable) ?? ""))
                .Concat(JitProfile.ReadVariables.Where(k => Environment.GetEnvironmentVariable(k) is not null)
                    .Select(k => new KeyValuePair<string, string>(k, Environment.GetEnvironmentVariable(k)!)))
                .Select(s => $"{s.Key}={s.Value}")),
            CpuMicrosecondsPerMessage = cpu,
            WallMicrosecondsPerMessage = wall,
            MinCpuMicrosecondsPerMessage = cpu.Min(),
            MedianCpuMicrosecondsPerMessage = Median(cpu),
            MinWallMicrosecondsPerMessage = wall.Min(),
            MedianWallMicrosecondsPerMessage = Median(wall),
        };
        Print(results);
        BenchJson.Write(outDir, "stage", results);
        return Task.FromResult(0);
    }

    /// <summary>Runs this command again in a child process compiled as the daemon is; returns its exit code.</summary>
    /// <remarks>With <paramref name="withProfile"/>, records this build's JIT profile first, into a file deleted after.</remarks>
    private static int RunAsDaemonCompiles(string[] args, string? root, string rules, string? dataDirectory, bool withProfile)
    {
        var settings = RuntimeSettings(root).ToList();
        var profile = Path.Combine(Path.GetTempPath(), $"ledger-stage-{Guid.NewGuid():N}.jitprofile");
        try
        {
            settings.AddRange(JitProfile.ForMeasurement("bench-stage", withProfile, profile, rules, dataDirectory));
            using var child = ChildProcess.StartDotnet(typeof(BenchStageCommand).Assembly.Location, ["bench-stage", .. args], environment: settings);
            child.WaitForExit(TimeSpan.FromHours(1));
            Console.Out.Write(child.Output);
            return child.ExitCode;
        }
        finally
        {
            File.Delete(profile);
        }
    }

    /// <summary>config/runtime.env's settings not set in this environment, and tiered compilation off.</summary>
    private static IEnumerable<KeyValuePair<string, string>> RuntimeSettings(string? root) =>
        (root is null ? [] : RuntimeEnvFile.ForDaemon(root)).Where(s => s.Key != TieringVariable).Append(new(TieringVariable, "0"));

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Print(StageBenchResults r)
    {
        string F(double v, string format = "N2") => v.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("round").AddColumn(new TableColumn("CPU µs / msg").RightAligned())
            .AddColumn(new TableColumn("wall µs / msg").RightAligned()).AddColumn(new TableColumn("msgs/s").RightAligned());
        for (var i = 0; i < r.CpuMicrosecondsPerMessage.Length; i++)
        {
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), F(r.CpuMicrosecondsPerMessage[i], "N3"),
                F(r.WallMicrosecondsPerMessage[i], "N3"), F(1e6 / r.WallMicrosecondsPerMessage[i], "N0"));
        }
        table.AddRow("min", F(r.MinCpuMicrosecondsPerMessage, "N3"), F(r.MinWallMicrosecondsPerMessage, "N3"), F(1e6 / r.MinWallMicrosecondsPerMessage, "N0"));
        table.AddRow("median", F(r.MedianCpuMicrosecondsPerMessage, "N3"), F(r.MedianWallMicrosecondsPerMessage, "N3"), F(1e6 / r.MedianWallMicrosecondsPerMessage, "N0"));
        AnsiConsole.Write(table);
        Console.WriteLine($"processing stage: {F(r.Messages, "N0")} {(r.MessageSource == "bench" ? "bench messages" : $"messages of the journal in {r.MessageSource}")} per round, batches of {F(r.BatchMessages, "N0")}, {r.Workers} thread(s); CPU is the whole process's");
        Console.WriteLine($"runtime settings: {r.RuntimeEnvironment}");
    }
}
