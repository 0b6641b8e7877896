using Ledger.Core.Checkpoints;
using Ledger.Daemon.Checkpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ledger.Daemon.Http;

/// <summary>POST /api/checkpoints?label=X: seal one now, then rotate and archive when due, as after a timer seal; 201 with the manifest entry.</summary>
internal static class CheckpointEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/checkpoints", async (string? label, CheckpointService checkpoints, CancellationToken cancellationToken) =>
        {
            label ??= "manual";
            if (!CheckpointLabel.IsValid(label))
            {
                return Results.Text($"{{\"error\":\"invalid label '{label.Replace("\"", "'", StringComparison.Ordinal)}': use 1-64 letters, digits, '-' or '_'\"}}", "application/json", statusCode: 400);
            }
            var entry = await checkpoints.SealAsync(label, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return Results.Text("{\"error\":\"nothing was persisted since the last checkpoint\"}", "application/json", statusCode: 409);
            }
            // What the timer does after its seal: a journal past its size or age moves into sessions/ now, not at the
            // next timer seal (and `ledger bench` measures a seal as a deployment sees it, rotation included).
            await checkpoints.MaintainAsync(cancellationToken).ConfigureAwait(false);
            return Results.Text(CheckpointManifest.ToJson(entry), "application/json", statusCode: 201);
        });
    }
}
