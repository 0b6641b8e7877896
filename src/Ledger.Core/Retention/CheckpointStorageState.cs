namespace Ledger.Core.Retention;

/// <summary>Where a checkpoint's files are on disk.</summary>
public enum CheckpointStorageState
{
    /// <summary>Every file is in checkpoints/ (an archive copy may also exist after an interrupted run).</summary>
    Live,

    /// <summary>Every file is only in checkpoints/archive/ as .gz.</summary>
    Archived,

    /// <summary>Some files are live and some only archived (an archive or restore run was interrupted).</summary>
    Partial,

    /// <summary>At least one file is in neither place.</summary>
    Missing,
}
