using Ledger.Core.Checkpoints;
using Ledger.Daemon.Checkpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ledger.Daemon.Http;

/// <summary>POST /api/checkpoints?label=X: seal one now; 201 with the manifest entry.</summary>
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
            return Results.Text(CheckpointManifest.ToJson(entry), "application/json", statusCode: 201);
        });
    }
}
