using Ledger.Core.Enrichment;
using Ledger.Daemon.Checkpoints;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Http;
using Ledger.Daemon.Ingest;
using Ledger.Daemon.Journal;
using Ledger.Daemon.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

// Serilog first, so even a configuration error is logged (KurrentDB's Program shape).
Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Information()
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateLogger();

try
{
    NativeHeap.KeepFreedPages();
    var (configFile, root) = ConfigurationLocator.Locate();
    // The host's default appsettings.json source (cleared below) would otherwise leave a recursive file watcher on the
    // content root, i.e. the project root that holds conversation_logs/ and logs/: every journal append and log line
    // then woke a watcher thread and the thread pool. Ledger's configuration is read once at start-up.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
        ContentRootPath = root,
    });
    builder.Configuration.Sources.Clear();
    if (configFile is not null)
    {
        builder.Configuration.AddJsonFile(configFile, optional: false, reloadOnChange: false);
    }
    builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);

    var ledger = new LedgerOptions();
    builder.Configuration.GetSection(LedgerOptions.Section).Bind(ledger, o => o.ErrorOnUnknownConfiguration = false);
    var logDirectory = Path.GetFullPath(Path.Combine(root, ledger.LogDirectory));
    Log.Logger = new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
        .Enrich.FromLogContext()
        .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
        .WriteTo.Async(a => a.File(Path.Combine(logDirectory, "ledger-.log"), rollingInterval: RollingInterval.Day,
            retainedFileCountLimit: 14, formatProvider: System.Globalization.CultureInfo.InvariantCulture))
        .CreateLogger();
    builder.Logging.ClearProviders();
    builder.Logging.AddSerilog(Log.Logger, dispose: false);

    var services = builder.Services;
    AddOptions<LedgerOptions>(services, builder.Configuration, o => o.DataDirectory = Path.GetFullPath(Path.Combine(root, o.DataDirectory)));
    AddOptions<IngestOptions>(services, builder.Configuration);
    AddOptions<HttpOptions>(services, builder.Configuration);
    AddOptions<JournalOptions>(services, builder.Configuration);
    AddOptions<CheckpointOptions>(services, builder.Configuration);
    AddOptions<RetentionOptions>(services, builder.Configuration);
    AddOptions<CurveOptions>(services, builder.Configuration, o =>
    {
        o.ServerSecretKeyFile = Path.GetFullPath(Path.Combine(root, o.ServerSecretKeyFile));
        o.AuthorizedKeysDirectory = Path.GetFullPath(Path.Combine(root, o.AuthorizedKeysDirectory));
    });
    AddOptions<EnrichmentOptions>(services, builder.Configuration, o =>
    {
        // Relative to the project root; without a project (a daemon started elsewhere) the copy shipped next to
        // the binary is used.
        var inRoot = Path.GetFullPath(Path.Combine(root, o.RulesFile));
        var shipped = Path.Combine(AppContext.BaseDirectory, o.RulesFile);
        o.RulesFile = File.Exists(inRoot) || !File.Exists(shipped) ? inRoot : shipped;
    });
    services.AddSingleton(TimeProvider.System);
    services.AddSingleton<IngestCounters>();
    services.AddSingleton<FatalErrorSignal>();
    services.AddSingleton<IJournalFileSystem>(PhysicalJournalFileSystem.Instance);
    services.AddSingleton(sp => new MessageDecoder(new DecoderOptions { MaxMessageBytes = sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxMessageBytes }));
    services.AddSingleton(sp => EnrichmentRules.Load(sp.GetRequiredService<IOptions<EnrichmentOptions>>().Value.RulesFile));
    services.AddSingleton<MetadataEnricher>();
    services.AddSingleton<JournalPipeline>();
    // Start order matters: journal (lock, recovery) before sockets; stop runs in reverse, so sockets close first
    // and everything already read is drained and fsync'd before the journal closes.
    services.AddHostedService<JournalPipelineService>();
    services.AddSingleton<IngestService>();
    services.AddHostedService(sp => sp.GetRequiredService<IngestService>());
    services.AddSingleton<CheckpointService>();
    services.AddHostedService(sp => sp.GetRequiredService<CheckpointService>());
    services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

    var httpUrl = builder.Configuration["Ledger:Http:Url"] ?? new HttpOptions().Url;
    builder.WebHost.UseUrls(httpUrl);

    var app = builder.Build();
    HealthEndpoints.Map(app);
    CheckpointEndpoints.Map(app);
    MetricsEndpoints.Map(app);
    var fatalSignal = app.Services.GetRequiredService<FatalErrorSignal>();
    // What start-up allocated (configuration, the host, Kestrel, the recovered Id window's bookkeeping) is long-lived.
    // Collected and promoted once here, before ingest, rather than by the first young collections under load, which
    // then copied it up a generation at a time (~15 ms each in a trace; docs/PERFORMANCE.md, tenth session).
    app.Lifetime.ApplicationStarted.Register(static () => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true));
    await app.RunAsync();

    var fatal = fatalSignal.Error;
    if (fatal is not null)
    {
        Log.Fatal(fatal, "Ledger stopped after a fatal error: {Message}", fatal.Message);
        return 1;
    }
    return 0;
}
catch (EnrichmentRulesException ex)
{
    Log.Fatal("Invalid enrichment rules (Ledger:Enrichment:RulesFile): {Problem}", ex.Message);
    return 1;
}
catch (OptionsValidationException ex)
{
    foreach (var failure in ex.Failures)
    {
        Log.Fatal("Invalid configuration: {Problem}", failure);
    }
    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException && ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
{
    Log.Fatal("Invalid configuration: {Problem}", ex.Message);
    return 1;
}
catch (Exception ex)
{
    Log.Fatal(ex, "Ledger failed to start: {Message}", ex.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

static void AddOptions<TOptions>(IServiceCollection services, IConfiguration configuration, Action<TOptions>? post = null)
    where TOptions : class, IOptionsWithKeys
{
    var builder = services.AddOptions<TOptions>().Bind(configuration.GetSection(TOptions.Section)).ValidateOnStart();
    if (post is not null)
    {
        builder.PostConfigure(post);
    }
    services.AddSingleton<IValidateOptions<TOptions>, KeyedOptionsValidator<TOptions>>();
}
