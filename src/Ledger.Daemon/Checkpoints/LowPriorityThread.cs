using System.Runtime.InteropServices;

namespace Ledger.Daemon.Checkpoints;

/// <summary>Runs a piece of background work on a thread of its own at a lower CPU priority (nice 10 on Linux).</summary>
/// <remarks>
/// A seal keeps one core busy for seconds (~5 µs a record) while ingest's threads wake hundreds of times a second: on a
/// two-core machine they then often found both cores taken and waited. At nice 10 the scheduler gives a woken ingest
/// thread the core first (docs/PERFORMANCE.md, twenty-fifth session). .NET's <see cref="Thread.Priority"/> does
/// nothing on Linux, hence setpriority(2), which takes a thread id there. Elsewhere the work runs at normal priority.
/// </remarks>
internal static partial class LowPriorityThread
{
    private const int Nice = 10;
    private const int PrioProcess = 0;

    /// <summary>Starts <paramref name="work"/> on a new background thread named <paramref name="name"/>.</summary>
    public static Task<T> Run<T>(string name, Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Lower();
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static void Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            // Advice only: a failure (a container that forbids it) costs latency under load, never data.
            _ = SetPriority(PrioProcess, GetThreadId(), Nice);
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
