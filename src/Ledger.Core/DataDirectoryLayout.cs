namespace Ledger.Core;

/// <summary>Where each file lives under a data directory (DESIGN.md §7).</summary>
public sealed class DataDirectoryLayout
{
    public DataDirectoryLayout(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }
    public string Journal => Path.Combine(Root, "current_session.jsonl");
    public string Rejected => Path.Combine(Root, "rejected.jsonl");
    public string Checkpoints => Path.Combine(Root, "checkpoints");
    public string CheckpointIndex => Path.Combine(Checkpoints, "index.json");

    /// <summary>Gzip copies of old checkpoint files: <c>checkpoints/archive/{name}.gz</c>.</summary>
    public string CheckpointArchive => Path.Combine(Checkpoints, "archive");
    public string Sessions => Path.Combine(Root, "sessions");
    public string Recovered => Path.Combine(Root, "recovered");
    public string LockFile => Path.Combine(Root, ".lock");

    /// <summary>Rotated journal segments, oldest first (their names sort by time).</summary>
    public IReadOnlyList<string> SegmentFiles() =>
        Directory.Exists(Sessions)
            ? Directory.GetFiles(Sessions, "*.jsonl.gz").Order(StringComparer.Ordinal).ToArray()
            : [];
}
