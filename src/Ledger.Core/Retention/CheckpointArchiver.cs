using System.IO.Compression;
using Ledger.Core.Checkpoints;

namespace Ledger.Core.Retention;

/// <summary>Moves old checkpoints' JSON and Parquet files into gzip archives and brings them back.</summary>
/// <remarks>
/// <para>The manifest is never rewritten here: an entry keeps its SHA-256 of the original bytes, and whether a file
/// is live or archived is read off the disk. That keeps the sealer the manifest's only writer, so the daemon's
/// archive pass and a <c>ledger archive restore</c> cannot race it.</para>
/// <para>Crash safety: a copy is written atomically (temp → fsync → rename → fsync directory) and checked against the
/// manifest digest before the other copy is deleted, so at any moment the original, the archive or both exist.
/// Re-running either operation finishes an interrupted one.</para>
/// <para>A restored checkpoint that is still older than the retention age is archived again by the next pass.</para>
/// </remarks>
public sealed class CheckpointArchiver
{
    /// <summary>Default of <c>Ledger:Retention:CheckpointArchiveDays</c>.</summary>
    public const int DefaultArchiveAfterDays = 30;

    private readonly DataDirectoryLayout _layout;

    public CheckpointArchiver(DataDirectoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
    }

    /// <summary>The checkpoint's name: its first file's name without extension.</summary>
    public static string NameOf(CheckpointEntry entry) =>
        entry.Files.Count == 0 ? entry.Label : Path.GetFileNameWithoutExtension(entry.Files[0].Name);

    /// <summary>Archives the files of every checkpoint created more than <paramref name="age"/> before <paramref name="nowUtc"/>.</summary>
    /// <returns>Names of the files archived by this call (files archived earlier are not listed).</returns>
    /// <exception cref="CheckpointIntegrityException">A live file does not match its manifest digest; it is left alone.</exception>
    public IReadOnlyList<string> CompressOlderThan(TimeSpan age, DateTime nowUtc)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(age, TimeSpan.Zero);
        var manifest = CheckpointManifest.Load(_layout.CheckpointIndex);
        var cutoff = nowUtc.ToUniversalTime() - age;
        var archived = new List<string>();
        RemoveTempFiles();
        foreach (var entry in manifest.Checkpoints.Where(e => e.CreatedAt < cutoff))
        {
            foreach (var file in entry.Files)
            {
                if (Archive(file))
                {
                    archived.Add(file.Name);
                }
            }
        }
        return archived;
    }

    /// <summary>Every checkpoint in the manifest with where its files are, oldest first.</summary>
    public IReadOnlyList<CheckpointStorageStatus> List() =>
        CheckpointManifest.Load(_layout.CheckpointIndex).Checkpoints.Select(StatusOf).ToArray();

    /// <summary>Restores the checkpoint named <paramref name="name"/> (its name or one of its file names).</summary>
    /// <returns>Names of the files restored (empty when it was already live).</returns>
    /// <exception cref="LedgerException">No checkpoint has that name.</exception>
    /// <exception cref="CheckpointIntegrityException">An archive does not decompress to the manifest digest.</exception>
    public IReadOnlyList<string> Restore(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var entry = CheckpointManifest.Load(_layout.CheckpointIndex).Checkpoints
            .FirstOrDefault(e => NameOf(e) == name || e.Files.Any(f => f.Name == name))
            ?? throw new LedgerException($"no checkpoint named '{name}' in {_layout.CheckpointIndex}");
        return entry.Files.Where(Restore).Select(f => f.Name).ToArray();
    }

    /// <summary>Restores every archived checkpoint file.</summary>
    /// <returns>Names of the files restored.</returns>
    public IReadOnlyList<string> RestoreAll() =>
        CheckpointManifest.Load(_layout.CheckpointIndex).Checkpoints
            .SelectMany(e => e.Files).Where(Restore).Select(f => f.Name).ToArray();

    private bool Archive(CheckpointFileInfo file)
    {
        var live = CheckpointFiles.LivePath(_layout, file.Name);
        if (!File.Exists(live))
        {
            return false; // archived already, or missing: `ledger verify` reports a file in neither place
        }
        var archive = CheckpointFiles.ArchivePath(_layout, file.Name);
        if (CheckpointFiles.Hash(live).Sha256 != file.Sha256)
        {
            throw new CheckpointIntegrityException($"{live} does not match the SHA-256 in the manifest; it was not archived (run `ledger verify`)");
        }
        // An archive left by an interrupted run may be complete or not; rewriting it from the verified original is
        // cheaper to reason about than checking it.
        FileSystemDurability.WriteSealedFile(archive, output =>
        {
            using var source = new FileStream(live, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
            source.CopyTo(gzip);
        });
        if (CheckpointFiles.Hash(archive).Sha256 != file.Sha256)
        {
            CheckpointFiles.Delete(archive);
            FileSystemDurability.FlushDirectory(_layout.CheckpointArchive);
            throw new CheckpointIntegrityException($"{archive} did not read back as {file.Name}; the archive was removed and the original kept");
        }
        // A checkpoint of a busy day is gigabytes: freed in steps, so the live journal's commits do not wait behind it.
        GradualFileRelease.Delete(live);
        FileSystemDurability.FlushDirectory(_layout.Checkpoints);
        return true;
    }

    private bool Restore(CheckpointFileInfo file)
    {
        var archive = CheckpointFiles.ArchivePath(_layout, file.Name);
        if (!File.Exists(archive))
        {
            return false;
        }
        var live = CheckpointFiles.LivePath(_layout, file.Name);
        if (File.Exists(live))
        {
            // Both copies: an archive pass or a restore was interrupted. A good live copy makes the archive redundant;
            // a bad one is never overwritten, so nothing is destroyed that a person might want to inspect.
            if (CheckpointFiles.Hash(live).Sha256 != file.Sha256)
            {
                throw new CheckpointIntegrityException($"{live} and {archive} both exist and the live copy does not match the manifest; resolve by hand (run `ledger verify`)");
            }
            RemoveArchive(archive);
            return true;
        }
        FileSystemDurability.WriteSealedFile(live, output =>
        {
            using var source = CheckpointFiles.OpenRead(archive);
            source.CopyTo(output);
        });
        var restored = CheckpointFiles.Hash(live);
        if (restored.Sha256 != file.Sha256)
        {
            CheckpointFiles.Delete(live);
            FileSystemDurability.FlushDirectory(_layout.Checkpoints);
            throw new CheckpointIntegrityException($"{archive} decompresses to SHA-256 {restored.Sha256}, the manifest says {file.Sha256}; the restored file was removed and the archive kept");
        }
        RemoveArchive(archive);
        return true;
    }

    private void RemoveArchive(string archive)
    {
        CheckpointFiles.Delete(archive);
        FileSystemDurability.FlushDirectory(_layout.CheckpointArchive);
    }

    private CheckpointStorageStatus StatusOf(CheckpointEntry entry)
    {
        int live = 0, archived = 0, missing = 0;
        long bytes = 0;
        foreach (var file in entry.Files)
        {
            var livePath = CheckpointFiles.LivePath(_layout, file.Name);
            var archivePath = CheckpointFiles.ArchivePath(_layout, file.Name);
            var hasLive = File.Exists(livePath);
            var hasArchive = File.Exists(archivePath);
            bytes += (hasLive ? new FileInfo(livePath).Length : 0) + (hasArchive ? new FileInfo(archivePath).Length : 0);
            if (hasLive)
            {
                live++;
            }
            else if (hasArchive)
            {
                archived++;
            }
            else
            {
                missing++;
            }
        }
        var state = missing > 0 ? CheckpointStorageState.Missing
            : archived == 0 ? CheckpointStorageState.Live
            : live == 0 ? CheckpointStorageState.Archived
            : CheckpointStorageState.Partial;
        return new CheckpointStorageStatus(entry, state, bytes);
    }

    /// <summary>Temp files of a run that crashed before its rename; the original they copied is still live.</summary>
    private void RemoveTempFiles()
    {
        if (!Directory.Exists(_layout.CheckpointArchive))
        {
            return;
        }
        foreach (var temp in Directory.EnumerateFiles(_layout.CheckpointArchive, ".*.tmp"))
        {
            CheckpointFiles.Delete(temp);
        }
    }
}
