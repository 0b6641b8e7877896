using System.Text;
using System.Text.Json;
using Ledger.Core.Checkpoints;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Checkpoints;

public sealed class CheckpointSealerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private long _written;

    public void Dispose() => _dir.Dispose();

    private DataDirectoryLayout Layout => new(_dir.Path);

    private void Persist(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            _written++;
            text.Append(SomeRecord.Line(SomeRecord.With(_written, message: $"message {_written}")));
        }
        File.AppendAllText(Layout.Journal, text.ToString(), new UTF8Encoding(false));
    }

    [Fact]
    public void Seal_ManyIntervalsAndRestarts_RangesContiguousAndNonOverlapping()
    {
        for (var round = 0; round < 6; round++)
        {
            // A new sealer per round is a restart: all state comes from the manifest on disk.
            var sealer = new CheckpointSealer(Layout, _clock);
            Persist(round + 3);
            _clock.Advance(TimeSpan.FromMinutes(5));
            Assert.NotNull(sealer.Seal(CheckpointLabel.Automatic, _written));
            _clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Null(sealer.Seal(CheckpointLabel.Automatic, _written)); // nothing new
        }

        var manifest = CheckpointManifest.Load(Layout.CheckpointIndex);
        Assert.Equal(6, manifest.Checkpoints.Count);
        long expectedFirst = 1;
        foreach (var entry in manifest.Checkpoints)
        {
            Assert.Equal(expectedFirst, entry.FirstSequence);
            Assert.Equal(entry.LastSequence - entry.FirstSequence + 1, entry.Count);
            expectedFirst = entry.LastSequence + 1;
        }
        Assert.Equal(_written, manifest.LastSealedSequence);
    }

    [Fact]
    public void Seal_OnlyUpToDurableSequence_LeavesTheRestForLater()
    {
        var sealer = new CheckpointSealer(Layout, _clock);
        Persist(10);

        var entry = sealer.Seal("first", durableSequence: 6)!;

        Assert.Equal((1, 6, 6), (entry.FirstSequence, entry.LastSequence, entry.Count));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var next = sealer.Seal("second", durableSequence: 10)!;
        Assert.Equal((7, 10), (next.FirstSequence, next.LastSequence));
    }

    [Fact]
    public void Seal_Files_MatchManifestHashesAndHoldTheRecords()
    {
        var sealer = new CheckpointSealer(Layout, _clock);
        Persist(5);

        var entry = sealer.Seal("nightly", 5)!;

        Assert.Equal(2, entry.Files.Count);
        Assert.Equal("20260301T120000Z_nightly.json", entry.Files[0].Name);
        Assert.Equal("20260301T120000Z_nightly.parquet", entry.Files[1].Name);
        foreach (var file in entry.Files)
        {
            var path = Path.Combine(Layout.Checkpoints, file.Name);
            Assert.Equal(file.Sha256, CheckpointSealer.Sha256Of(path));
            Assert.Equal(file.Bytes, new FileInfo(path).Length);
            if (!OperatingSystem.IsWindows())
            {
                Assert.False((File.GetUnixFileMode(path) & UnixFileMode.UserWrite) != 0, "sealed file is writable");
            }
        }
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Layout.Checkpoints, entry.Files[0].Name)));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("FormatVersion").GetInt32());
        Assert.Equal(5, root.GetProperty("Count").GetInt64());
        Assert.Equal(["id-1", "id-2", "id-3", "id-4", "id-5"], root.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Id").GetString()));
        var parquet = File.ReadAllBytes(Path.Combine(Layout.Checkpoints, entry.Files[1].Name));
        Assert.Equal("PAR1"u8.ToArray(), parquet[..4]);
        Assert.Equal("PAR1"u8.ToArray(), parquet[^4..]);
    }

    [Fact]
    public void Seal_CrashBeforeRename_NothingVisibleAndRangeSealedOnNextRun()
    {
        Persist(4);
        var crashing = new CheckpointSealer(Layout, _clock) { BeforePublish = () => throw new IOException("simulated crash") };
        Assert.Throws<IOException>(() => crashing.Seal("auto", 4));
        Assert.False(File.Exists(Layout.CheckpointIndex));
        Assert.DoesNotContain(Directory.GetFiles(Layout.Checkpoints), f => !Path.GetFileName(f).StartsWith('.'));

        var restarted = new CheckpointSealer(Layout, _clock);
        var removed = restarted.RemoveUnlisted();
        Assert.Equal(2, removed.Count);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var entry = restarted.Seal("auto", 4)!;

        Assert.Equal((1, 4), (entry.FirstSequence, entry.LastSequence));
        Assert.Equal(3, Directory.GetFiles(Layout.Checkpoints).Length); // json, parquet, index
    }

    [Fact]
    public void RemoveUnlisted_CompleteFilesWithoutManifestEntry_AreRemoved()
    {
        Persist(2);
        var sealer = new CheckpointSealer(Layout, _clock);
        var entry = sealer.Seal("auto", 2)!;
        // A crash after the renames but before the manifest rename leaves complete, unlisted files.
        File.WriteAllText(Path.Combine(Layout.Checkpoints, "20260301T130000Z_auto.json"), "{}");

        var removed = sealer.RemoveUnlisted();

        Assert.Equal(["20260301T130000Z_auto.json"], removed);
        Assert.All(entry.Files, f => Assert.True(File.Exists(Path.Combine(Layout.Checkpoints, f.Name))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData("with space")]
    [InlineData("é")]
    public void Seal_InvalidLabel_Throws(string label)
    {
        var sealer = new CheckpointSealer(Layout, _clock);
        Assert.Throws<ArgumentException>(() => sealer.Seal(label, 1));
    }

    [Fact]
    public void Load_UnknownFormatVersion_Refused()
    {
        Directory.CreateDirectory(Layout.Checkpoints);
        File.WriteAllText(Layout.CheckpointIndex, "{\"FormatVersion\":99,\"Checkpoints\":[]}");
        var ex = Assert.Throws<CheckpointFormatException>(() => CheckpointManifest.Load(Layout.CheckpointIndex));
        Assert.Contains("version 99", ex.Message, StringComparison.Ordinal);
    }
}
