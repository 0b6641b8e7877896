using Ledger.Daemon.Hosting;
using Ledger.Daemon.Ingest;
using Ledger.Daemon.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ledger.Daemon.Http;

/// <summary>GET /health: liveness plus the counters an operator checks first.</summary>
internal static class HealthEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/health", (IngestCounters counters, JournalPipeline pipeline, IngestService ingest, FatalErrorSignal fatal) =>
        {
            var status = fatal.Error is null ? "ok" : "failing";
            var body = new HealthResponse(
                status,
                pipeline.LastDurableSequence,
                counters.Received,
                counters.Persisted,
                counters.Rejected,
                counters.Duplicates,
                Math.Round((DateTime.UtcNow - counters.StartedAt).TotalSeconds, 1),
                pipeline.Layout.Root,
                ingest.PullEndpoint,
                ingest.AckEndpoint,
                pipeline.DiskFull);
            return Results.Json(body, HttpJson.SerializerOptions, statusCode: fatal.Error is null ? 200 : 503);
        });
    }
}
