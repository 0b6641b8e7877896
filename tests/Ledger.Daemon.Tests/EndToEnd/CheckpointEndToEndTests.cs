using System.Net;
using System.Text.Json;
using Ledger.Core.Checkpoints;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.EndToEnd;

public sealed class CheckpointEndToEndTests : IDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task PostCheckpoint_AfterMessages_Returns201WithManifestEntryAndSealsFiles()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "250", "cp"))
        {
            await peer.CompleteAsync();
        }
        await daemon.WaitForSequenceAsync(250);

        var response = await s_http.PostAsync($"{daemon.HttpUrl}/api/checkpoints?label=release-1", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var entry = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("release-1", entry.RootElement.GetProperty("Label").GetString());
        Assert.Equal(1, entry.RootElement.GetProperty("FirstSequence").GetInt64());
        Assert.Equal(250, entry.RootElement.GetProperty("LastSequence").GetInt64());

        var manifest = CheckpointManifest.Load(Path.Combine(DataDir, "checkpoints", "index.json"));
        var sealedEntry = Assert.Single(manifest.Checkpoints);
        Assert.All(sealedEntry.Files, f => Assert.Equal(f.Sha256, CheckpointSealer.Sha256Of(Path.Combine(DataDir, "checkpoints", f.Name))));

        var again = await s_http.PostAsync($"{daemon.HttpUrl}/api/checkpoints?label=release-2", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var bad = await s_http.PostAsync($"{daemon.HttpUrl}/api/checkpoints?label=..%2Fescape", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Timer_ShortInterval_SealsAutomaticCheckpointsOnlyWhenSomethingIsNew()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir, "--Ledger:Checkpoints:IntervalSeconds=1");
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "20", "auto"))
        {
            await peer.CompleteAsync();
        }
        await daemon.WaitForSequenceAsync(20);
        var index = Path.Combine(DataDir, "checkpoints", "index.json");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && CheckpointManifest.Load(index).LastSealedSequence < 20)
        {
            await Task.Delay(200);
        }
        await Task.Delay(2500); // two more intervals with nothing new
        var manifest = CheckpointManifest.Load(index);
        Assert.Equal(20, manifest.LastSealedSequence);
        Assert.All(manifest.Checkpoints, c => Assert.Equal("auto", c.Label));
        Assert.Equal(20, manifest.Checkpoints.Sum(c => c.Count));
    }
}
