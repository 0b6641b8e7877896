namespace Ledger.Core.Journal;

/// <summary>Tells a full disk (worth waiting for) from other I/O errors.</summary>
public static class DiskErrors
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>True for ENOSPC/EDQUOT (Unix) and ERROR_DISK_FULL/ERROR_HANDLE_DISK_FULL (Windows).</summary>
    /// <remarks>.NET on Unix puts the raw errno in HResult for I/O errors it raises.</remarks>
    public static bool IsDiskFull(IOException exception) =>
        exception.HResult is Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull
        || exception.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
        || exception.Message.Contains("Disk quota exceeded", StringComparison.OrdinalIgnoreCase);
}
