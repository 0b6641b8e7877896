namespace Ledger.Core.Journal;

/// <summary>Holds <c>.lock</c> in a data directory so a second daemon on the same directory refuses to start.</summary>
/// <remarks>
/// .NET maps FileShare.None to an advisory flock on Unix and a share-mode lock on Windows; both are released by the
/// OS when the process dies, so a kill -9 never leaves a stale lock behind. The pid inside is for humans only.
/// </remarks>
public sealed class DirectoryLock : IDisposable
{
    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock or throws <see cref="DataDirectoryLockedException"/> naming the holder.</summary>
    public static DirectoryLock Acquire(string lockPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            string holder;
            try
            {
                holder = File.ReadAllText(lockPath).Trim();
            }
            catch (IOException)
            {
                holder = "unknown";
            }
            throw new DataDirectoryLockedException(
                $"data directory {Path.GetDirectoryName(lockPath)} is in use by another Ledger daemon (pid {holder}); " +
                $"stop it first or point Ledger:DataDirectory elsewhere", ex);
        }
        stream.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        stream.Write(pid);
        stream.Flush();
        return new DirectoryLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
