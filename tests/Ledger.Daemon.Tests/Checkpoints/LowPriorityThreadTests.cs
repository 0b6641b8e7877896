using Ledger.Daemon.Checkpoints;

namespace Ledger.Daemon.Tests.Checkpoints;

public sealed class LowPriorityThreadTests
{
    [Fact]
    public async Task Run_Work_ResultFromAThreadOfItsOwnAtNiceTen()
    {
        var caller = Environment.CurrentManagedThreadId;

        var (thread, name, nice) = await LowPriorityThread.Run("checkpoint-seal", () =>
            (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, OperatingSystem.IsLinux() ? OwnNice() : 10));

        Assert.NotEqual(caller, thread);
        Assert.Equal("checkpoint-seal", name);
        Assert.Equal(10, nice);
    }

    [Fact]
    public async Task Run_WorkThrows_TheTaskFaultsWithIt()
    {
        var ex = await Assert.ThrowsAsync<IOException>(() => LowPriorityThread.Run<int>("checkpoint-seal", () => throw new IOException("disk full")));

        Assert.Equal("disk full", ex.Message);
    }

    // Field 19 of /proc/thread-self/stat (after the parenthesised name) is the thread's nice value.
    private static int OwnNice() => int.Parse(File.ReadAllText("/proc/thread-self/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[16]);
}
