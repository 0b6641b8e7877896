namespace Ledger.Cli.Bench;

/// <summary>
/// The daemon's JIT profile: branch and call-site counts of the processing stage, recorded by the runtime while the
/// bench messages run through it under tiered compilation, and read back by the daemon, which compiles each method once,
/// fully optimized, with those counts (static profile-guided optimization, without tiered compilation's JIT work
/// during load).
/// </summary>
/// <remarks>
/// <para>
/// The file is the runtime's own text format (<c>DOTNET_WritePGOData</c> / <c>DOTNET_ReadPGOData</c> with
/// <c>DOTNET_PGODataPath</c>). The runtime reads it only when tiered PGO is not in effect (the daemon compiles without
/// tiers, which turns it off; <c>DOTNET_TieredPGO=0</c> says so to runtimes that check the setting itself) and matches
/// each method by a hash of its IL, so a method changed since the profile was recorded is compiled as before, without
/// counts, and what it cannot parse it skips: a stale or damaged profile costs speed, never correctness (tested).
/// Record it again after every build (<c>./manage.sh start</c> and <c>ledger bench</c> do).
/// </para>
/// <para>
/// Measured in docs/PERFORMANCE.md (sixteenth session): the processing stage 5-12 % less CPU per message in
/// <c>ledger bench-stage</c>; profile-guided inlining of the run scan and the line writer is most of it. The counts
/// follow the messages recorded: a profile of the bench's English texts did nothing for mostly non-ASCII texts (0-6 %
/// slower), one recorded from those made them 8-12 % cheaper, hence <c>--data-dir</c> (a deployment's own journal).
/// </para>
/// </remarks>
internal static class JitProfile
{
    /// <summary>The file's first line as the runtime writes it (its reader refuses a file without it).</summary>
    public const string Header = "*** START PGO Data";

    /// <summary>What the daemon's directory keeps its profile as (<c>./manage.sh start</c> records it there).</summary>
    public const string FileName = "Ledger.Daemon.jitprofile";

    /// <summary>A method of the processing stage that any recording of it holds.</summary>
    internal const string StageMethod = "MethodName: Ledger.Core.Ingest.RecordProcessor.PrepareSubRange";

    /// <summary>The stage's hottest methods: a recording without any of them missed what the profile is for.</summary>
    internal static readonly string[] RequiredMethods =
    [
        StageMethod,
        "MethodName: Ledger.Core.Enrichment.MetadataEnricher.EnrichLowered",
        "MethodName: Ledger.Core.Records.SeedFrameScanner.TryScanObject",
        "MethodName: Ledger.Core.Records.JournalLineWriter.WriteAfterSequence",
    ];

    /// <summary>Messages per round of a recording unless told otherwise (~1.5 s in all).</summary>
    public const int DefaultCount = 50_000;

    /// <summary>Rounds of a recording unless told otherwise.</summary>
    public const int DefaultRounds = 3;

    /// <summary>How many times <see cref="Record"/> tries, with twice the messages each time.</summary>
    private const int Attempts = 3;

    /// <summary>The variable naming the profile file, for reading and for writing.</summary>
    public const string PathVariable = "DOTNET_PGODataPath";

    private const string TieredPgoVariable = "DOTNET_TieredPGO";
    private const string ReadVariable = "DOTNET_ReadPGOData";
    private const string WriteVariable = "DOTNET_WritePGOData";

    /// <summary>The variables of <see cref="ReadSettings"/>.</summary>
    public static IReadOnlyList<string> ReadVariables { get; } = [TieredPgoVariable, ReadVariable, PathVariable];

    /// <summary>The runtime settings under which a daemon compiles with the profile at <paramref name="file"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadSettings(string file) =>
    [
        new(TieredPgoVariable, "0"),
        new(ReadVariable, "1"),
        new(PathVariable, Path.GetFullPath(file)),
    ];

    /// <summary>The runtime settings under which a process records its profile into <paramref name="file"/> when it exits.</summary>
    /// <remarks>
    /// By default the runtime counts a method only once it is recompiled with counters after its first 30 calls, and
    /// waits for 100 ms without new methods before that: a short recording, or one on a busy machine, ended before the
    /// run scan's counting code was compiled. Here every method counts from its first call, and is promoted at once.
    /// </remarks>
    public static IReadOnlyList<KeyValuePair<string, string>> WriteSettings(string file) =>
    [
        new("DOTNET_TieredCompilation", "1"),
        new("DOTNET_TieredPGO_InstrumentOnlyHotCode", "0"),
        new("DOTNET_TC_CallCountingDelayMs", "0"),
        new(TieredPgoVariable, "1"),
        new(ReadVariable, "0"),
        new(WriteVariable, "1"),
        new(PathVariable, Path.GetFullPath(file)),
    ];

    /// <summary>True in the process that <see cref="Record"/> started to write <paramref name="file"/>.</summary>
    public static bool IsRecording(string file) =>
        Environment.GetEnvironmentVariable(WriteVariable) == "1" &&
        Environment.GetEnvironmentVariable(PathVariable) == Path.GetFullPath(file);

    /// <summary>
    /// Records the profile into <paramref name="file"/>: runs <c>ledger jit-profile</c> in a child process that
    /// records as it exits, checks what it wrote, and only then moves it into place (an old profile stays until then).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A Debug build, or the child failed or wrote no usable profile (the message says which).
    /// </exception>
    /// <param name="file">Where the profile goes.</param>
    /// <param name="rulesFile">The enrichment rules (config/enrichment.json).</param>
    /// <param name="count">Messages per round.</param>
    /// <param name="rounds">Rounds after the first.</param>
    /// <param name="dataDirectory">A data directory whose journal's messages to run instead of the bench's, or null.</param>
    public static void Record(string file, string rulesFile, int count, int rounds, string? dataDirectory = null)
    {
        if (!IsOptimizedBuild)
        {
            throw new InvalidOperationException(
                "a Debug build cannot record a JIT profile: the JIT compiles its code for the debugger, unoptimized and uncounted; use a Release build");
        }
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var recording = full + ".recording";
        string? problem = null;
        // A method is counted only once the runtime has compiled its counting version, in the background: on a busy
        // machine a short run can end first. Then run again, longer.
        for (var attempt = 0; attempt < Attempts; attempt++, count *= 2)
        {
            File.Delete(recording);
            using (var child = ChildProcess.StartDotnet(typeof(JitProfile).Assembly.Location,
                ["jit-profile", "--out", full, "-n", Text(count), "--rounds", Text(rounds), "--rules", rulesFile,
                    .. dataDirectory is null ? Array.Empty<string>() : ["--data-dir", Path.GetFullPath(dataDirectory)]],
                environment: WriteSettings(recording)))
            {
                child.WaitForExit(TimeSpan.FromMinutes(10));
                if (child.ExitCode != 0)
                {
                    File.Delete(recording);
                    throw new InvalidOperationException($"recording the JIT profile failed (exit {child.ExitCode}):\n{child.Output}");
                }
            }
            problem = Problem(recording);
            if (problem is null)
            {
                File.Move(recording, full, overwrite: true);
                return;
            }
        }
        File.Delete(recording);
        throw new InvalidOperationException($"recording the JIT profile wrote no usable profile in {Attempts} attempts: {problem}");
    }

    /// <summary>
    /// The settings for a measured daemon or stage (<c>ledger bench</c>, <c>ledger bench-stage</c>, named by
    /// <paramref name="who"/>): a profile recorded into <paramref name="file"/> when <paramref name="wanted"/>, none for
    /// a Debug build (with a note) or when this environment already names one (it is passed on as it is).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForMeasurement(string who, bool wanted, string file, string rulesFile, string? dataDirectory = null)
    {
        if (!IsOptimizedBuild)
        {
            Console.Error.WriteLine($"[{who}] a Debug build: no JIT profile (and numbers that say little; use ./manage.sh {who})");
            return [];
        }
        if (!wanted || Environment.GetEnvironmentVariable(PathVariable) is not null)
        {
            return [];
        }
        Console.Error.WriteLine($"[{who}] recording the JIT profile (ledger jit-profile)...");
        Record(file, rulesFile, DefaultCount, DefaultRounds, dataDirectory);
        return ReadSettings(file);
    }

    /// <summary>False for a Debug build of the processing stage, whose code the JIT neither optimizes nor counts.</summary>
    public static bool IsOptimizedBuild { get; } =
        typeof(Ledger.Core.Ingest.RecordProcessor).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            is not [System.Diagnostics.DebuggableAttribute { IsJITOptimizerDisabled: true }];

    /// <summary>Why <paramref name="file"/> is not a profile of the processing stage, or null when it is one.</summary>
    public static string? Problem(string file)
    {
        if (!File.Exists(file))
        {
            return $"{file} was not written (the runtime writes it when the process exits; DOTNET_WritePGOData unsupported?)";
        }
        using var reader = new StreamReader(file);
        if (reader.ReadLine() is not { } first || !first.StartsWith(Header, StringComparison.Ordinal))
        {
            return $"{file} does not start with \"{Header}\"";
        }
        var missing = new HashSet<string>(RequiredMethods, StringComparer.Ordinal);
        string? line;
        while (missing.Count > 0 && (line = reader.ReadLine()) is not null)
        {
            missing.Remove(line);
        }
        return missing.Count == 0
            ? null
            : $"{file} holds no counts for {string.Join(", ", missing.Select(m => m["MethodName: ".Length..]))} (the processing stage)";
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
