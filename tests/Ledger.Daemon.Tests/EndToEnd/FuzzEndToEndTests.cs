using System.Text;
using System.Text.Json;
using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;
using Ledger.Zmq;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary>
/// Random and mutated frames (from valid messages and the bad-input corpus) against a real daemon: it stays up, and
/// every frame ends either in the journal or, with its exact bytes, in the dead letter.
/// </summary>
/// <remarks>Time-bounded: LEDGER_FUZZ_SECONDS (default 4). The seed is printed on failure to replay a run.</remarks>
public sealed class FuzzEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RandomAndMutatedFrames_DaemonStaysUpAndEveryFrameIsAccountedFor()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_FUZZ_SECONDS"), out var s) ? s : 4;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        await using var daemon = await DaemonProcess.StartAsync(_temp.Combine("data"));

        var sent = new List<byte[]>();
        using (var context = new ZmqContext())
        using (var push = context.CreateSocket(ZmqSocketType.Push))
        {
            push.SetOption(ZmqSocketOption.Linger, 30_000);
            push.Connect(daemon.PullEndpoint);
            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            var index = 0;
            while (DateTime.UtcNow < deadline && sent.Count < 20_000)
            {
                var frame = NextFrame(random, index++);
                sent.Add(frame);
                push.Send(frame);
            }
        }
        await daemon.WaitForCounterAsync("received", sent.Count, TimeSpan.FromSeconds(60));
        var deadlineDurable = DateTime.UtcNow.AddSeconds(60);
        JsonElement health;
        do
        {
            health = await daemon.HealthAsync();
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadlineDurable &&
               health.GetProperty("persisted").GetInt64() + health.GetProperty("rejected").GetInt64() + health.GetProperty("duplicates").GetInt64() < sent.Count);

        var context_ = $"seed {seed}, {sent.Count} frames";
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var persisted = health.GetProperty("persisted").GetInt64();
        var rejected = health.GetProperty("rejected").GetInt64();
        var duplicates = health.GetProperty("duplicates").GetInt64();
        Assert.True(persisted + rejected + duplicates == sent.Count, $"{context_}: {persisted} + {rejected} + {duplicates} != sent");

        var journal = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(persisted, journal.Count);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(r => r.Sequence));
        var sentSet = sent.Select(Convert.ToBase64String).ToHashSet(StringComparer.Ordinal);
        var deadLetters = File.ReadAllLines(daemon.RejectedPath);
        Assert.Equal(rejected, deadLetters.Length);
        foreach (var line in deadLetters)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("Reason").GetString()), context_);
            Assert.Contains(doc.RootElement.GetProperty("RawBase64").GetString()!, sentSet);
        }
        Assert.False(daemon.HasExited, context_);
    }

    private static readonly string[] s_corpus =
    [
        "", "null", "42", "[1,2,3]", "\"text\"", "{", "{\"SpeakerName\":", "{\"Message\":\"no speaker\"}",
        "{\"SpeakerName\":5,\"Message\":\"x\"}", "{\"SpeakerName\":\"a\",\"Message\":\"b\",\"Timestamp\":\"yesterday\"}",
        "{\"SpeakerName\":\"a\",\"Message\":\"\\ud800\"}", new string('[', 1000) + new string(']', 1000),
    ];

    private static byte[] NextFrame(Random random, int index)
    {
        var valid = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            Id = $"fuzz-{index}",
            SpeakerName = $"agent_{random.Next(5)}",
            Message = $"fuzz message {index} ☕ {random.Next()}",
            ContextId = "ctx-fuzz",
        }));
        switch (random.Next(6))
        {
            case 0:
                return valid;
            case 1:
                return Encoding.UTF8.GetBytes(s_corpus[random.Next(s_corpus.Length)]);
            case 2:
            {
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                return bytes;
            }
            case 3:
            {
                var flipped = (byte[])valid.Clone();
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }
                return flipped;
            }
            case 4:
                return valid[..random.Next(valid.Length)];
            default:
            {
                var spliced = new List<byte>(valid);
                var insert = new byte[random.Next(1, 8)];
                random.NextBytes(insert);
                spliced.InsertRange(random.Next(spliced.Count), insert);
                return [.. spliced];
            }
        }
    }
}
