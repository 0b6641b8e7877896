using Ledger.Core.Checkpoints;
using Ledger.Core.Retention;
using Ledger.Daemon.Journal;
using Ledger.Daemon.Options;
using Ledger.Parquet.File;
using Microsoft.Extensions.Options;

namespace Ledger.Daemon.Checkpoints;

/// <summary>Seals a checkpoint every IntervalSeconds when something new was persisted; also on demand (HTTP).</summary>
/// <remarks>
/// Sealing runs on the thread pool and only reads files, so ingest never waits for it. It reads up to the last
/// fsync'd Sequence only. A semaphore serializes the timer and HTTP requests.
/// </remarks>
internal sealed partial class CheckpointService : BackgroundService
{
    private readonly JournalPipeline _pipeline;
    private readonly CheckpointOptions _options;
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<CheckpointService> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CheckpointSealer? _sealer;
    private CheckpointArchiver? _archiver;
    private long _sealedCount;
    private DateTime? _lastSealedAt;

    public CheckpointService(JournalPipeline pipeline, IOptions<CheckpointOptions> options, IOptions<RetentionOptions> retention, TimeProvider time, ILogger<CheckpointService> logger)
    {
        _pipeline = pipeline;
        _options = options.Value;
        _retention = retention.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Checkpoints sealed since start.</summary>
    public long SealedCount => Interlocked.Read(ref _sealedCount);

    /// <summary>When the last checkpoint was sealed (by this process or before), or null.</summary>
    public DateTime? LastSealedAt => _lastSealedAt;

    /// <summary>
    /// Row groups of the checkpoints' Parquet copies: 8 MiB of values, not the writer's 32 MiB default. A seal runs
    /// inside the daemon, beside ingest, and its row group is what it adds to the daemon's memory: sealing 1,000,000
    /// bench records raised the peak RSS 150 → 331 MB with 100,000-row groups, → 249 MB at 32 MiB and → 194 MB at
    /// 8 MiB, for a file 1 % larger (docs/PERFORMANCE.md, twenty-fourth session).
    /// </summary>
    private const long SealRowGroupBytes = 8L << 20;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _sealer = new CheckpointSealer(_pipeline.Layout, _time,
            new ParquetWriterOptions { Compression = _options.ParquetCompression, RowGroupBytes = SealRowGroupBytes });
        _archiver = new CheckpointArchiver(_pipeline.Layout);
        foreach (var name in _sealer.RemoveUnlisted())
        {
            LogRemovedLeftover(name);
        }
        var manifest = CheckpointManifest.Load(_pipeline.Layout.CheckpointIndex);
        _lastSealedAt = manifest.Checkpoints.Count > 0 ? manifest.Checkpoints[^1].CreatedAt : null;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(_options.IntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await SealAsync(CheckpointLabel.Automatic, stoppingToken).ConfigureAwait(false);
                await MaintainAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CheckpointFormatException)
            {
                // A failed seal loses nothing (the journal still holds the records); the next interval retries.
                LogSealFailed(ex);
            }
        }
    }

    /// <summary>Seals whatever was persisted since the last checkpoint; null when there was nothing new.</summary>
    public async Task<CheckpointEntry?> SealAsync(string label, CancellationToken cancellationToken)
    {
        CheckpointLabel.Validate(label);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var durable = _pipeline.LastDurableSequence;
            cancellationToken.ThrowIfCancellationRequested();
            var entry = await LowPriorityThread.Run("checkpoint-seal", () => _sealer!.Seal(label, durable)).ConfigureAwait(false);
            if (entry is not null)
            {
                Interlocked.Increment(ref _sealedCount);
                _lastSealedAt = entry.CreatedAt;
                LogSealed(entry.Files[0].Name, entry.FirstSequence, entry.LastSequence, entry.Count);
            }
            return entry;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rotates the journal and archives old checkpoints when due (on the sealed boundary); runs under the seal gate.</summary>
    /// <remarks>A rotation that fails on the disk is logged, not thrown: the seal before it stands.</remarks>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sealedSequence = _sealer!.LastSealedSequence;
            var now = _time.GetUtcNow().UtcDateTime;
            // Both read and write gigabytes at 20,000 msgs/s: at low priority, as the seal, so ingest's threads come first.
            try
            {
                await LowPriorityThread.Run("journal-rotate", () => _pipeline.RotateIfDue(sealedSequence, _retention, now)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing is lost: the journal keeps every record until a rotation completes (temp files are removed
                // at start-up), and the next seal tries again.
                LogRotationFailed(ex);
            }
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var archived = await LowPriorityThread.Run("checkpoint-archive", () => _archiver!.CompressOlderThan(TimeSpan.FromDays(_retention.CheckpointArchiveDays), now)).ConfigureAwait(false);
                if (archived.Count > 0)
                {
                    LogArchived(archived.Count, _retention.CheckpointArchiveDays);
                }
            }
            catch (CheckpointIntegrityException ex)
            {
                // A sealed file no longer matches its manifest digest: keep it where it is for an operator (ledger verify).
                LogArchiveRefused(ex.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint sealed: {Name}, sequences {First}..{Last} ({Count} records)")]
    private partial void LogSealed(string name, long first, long last, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archived {Count} checkpoint file(s) older than {Days} days into checkpoints/archive/")]
    private partial void LogArchived(int count, double days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkpoint archiving stopped: {Problem}")]
    private partial void LogArchiveRefused(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed a leftover of an interrupted checkpoint: {Name}")]
    private partial void LogRemovedLeftover(string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rotating the journal failed; it is retried after the next seal")]
    private partial void LogRotationFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing a checkpoint failed; it is retried at the next interval")]
    private partial void LogSealFailed(Exception ex);
}
