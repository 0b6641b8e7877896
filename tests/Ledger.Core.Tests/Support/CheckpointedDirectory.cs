using System.Text;
using Ledger.Core.Checkpoints;

namespace Ledger.Core.Tests.Support;

/// <summary>A data directory with a journal and checkpoints sealed by the real sealer on a manual clock.</summary>
internal sealed class CheckpointedDirectory : IDisposable
{
    private readonly TempDirectory _dir = new();
    private long _written;

    public CheckpointedDirectory()
    {
        Layout = new DataDirectoryLayout(_dir.Path);
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public DataDirectoryLayout Layout { get; }

    public string Root => _dir.Path;

    /// <summary>Appends <paramref name="count"/> records with the next Sequences to the journal.</summary>
    public void Persist(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            _written++;
            text.Append(SomeRecord.Line(SomeRecord.With(_written, message: $"message {_written}")));
        }
        File.AppendAllText(Layout.Journal, text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>Persists <paramref name="count"/> records and seals them now.</summary>
    public CheckpointEntry Seal(int count, string label = "auto")
    {
        Persist(count);
        return new CheckpointSealer(Layout, Clock).Seal(label, _written)!;
    }

    public string Live(string name) => Path.Combine(Layout.Checkpoints, name);

    public string Archive(string name) => Path.Combine(Layout.CheckpointArchive, name + ".gz");

    /// <summary>Overwrites a sealed (read-only) file.</summary>
    public static void Overwrite(string path, byte[] bytes)
    {
        if (File.Exists(path))
        {
            File.SetAttributes(path, FileAttributes.Normal);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => _dir.Dispose();
}
