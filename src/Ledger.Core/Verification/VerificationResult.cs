using System.Globalization;

namespace Ledger.Core.Verification;

/// <summary>What <see cref="DataDirectoryVerifier"/> found.</summary>
/// <remarks>
/// Problems of one kind are listed up to a limit and then only counted, so a badly damaged directory still gives
/// a short report: <see cref="ErrorCount"/> counts every error, <see cref="Problems"/> holds the listed ones plus one
/// "… and N more" line per kind that overflowed.
/// </remarks>
public sealed class VerificationResult
{
    public required IReadOnlyList<VerificationProblem> Problems { get; init; }

    /// <summary>Every error found, listed or not.</summary>
    public required long ErrorCount { get; init; }

    /// <summary>Every warning found, listed or not.</summary>
    public required long WarningCount { get; init; }

    /// <summary>Distinct records in the journal history (segments, then the journal).</summary>
    public required long RecordCount { get; init; }

    /// <summary>Journal files read: segments plus the active journal.</summary>
    public required int FileCount { get; init; }

    /// <summary>Checkpoints in the manifest that were checked.</summary>
    public required int CheckpointCount { get; init; }

    public bool IsOk => ErrorCount == 0;

    /// <summary>"OK: N records in M files, K checkpoints verified" or "FAILED: N problem(s)".</summary>
    public string Verdict => IsOk
        ? string.Create(CultureInfo.InvariantCulture, $"OK: {RecordCount} records in {FileCount} files, {CheckpointCount} checkpoints verified")
        : string.Create(CultureInfo.InvariantCulture, $"FAILED: {ErrorCount} problem(s)");
}
