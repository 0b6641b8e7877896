using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests.Bench;

public sealed class ThreadCpuTests
{
    [Fact]
    public void Parse_NameWithSpacesAndParentheses_NameAndUserPlusSystemTime()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        var thread = ThreadCpu.Parse("4242 (a (b) c) S 1 1 1 0 -1 4194560 10 0 0 0 150 25 0 0 20 0 1 0 100 0 0");

        Assert.Equal(("a (b) c", TimeSpan.FromSeconds(1.75)), thread);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 no parentheses S 1")]
    [InlineData("4242 (short) S 1 1 1")]
    public void Parse_NotAStatLine_Null(string stat)
    {
        Assert.Null(ThreadCpu.Parse(stat));
    }

    [Fact]
    public void ParseSchedstat_RunWaitSlices_RunTimeInNanoseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(4.8868), ThreadCpu.ParseSchedstat("4886800 0 1\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4886800")]
    [InlineData("-5 0 1")]
    [InlineData("abc 0 1")]
    public void ParseSchedstat_NotASchedstatLine_Null(string schedstat)
    {
        Assert.Null(ThreadCpu.ParseSchedstat(schedstat));
    }

    [Fact]
    public void PerMessage_TwoReadings_MicrosecondsPerMessageLargestFirstIdleLeftOut()
    {
        var before = new Dictionary<string, TimeSpan> { ["process"] = TimeSpan.FromSeconds(1), ["idle"] = TimeSpan.FromSeconds(2) };
        var after = new Dictionary<string, TimeSpan>
        {
            ["process"] = TimeSpan.FromSeconds(2.5), ["idle"] = TimeSpan.FromSeconds(2), ["new"] = TimeSpan.FromSeconds(0.5),
        };

        var perMessage = ThreadCpu.PerMessage(before, after, 1_000_000);

        Assert.Equal([new("process", 1.5), new("new", 0.5)], perMessage.ToArray());
    }

    [Fact]
    public void Read_ThisProcess_HasANamedThreadThatWorked()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(ThreadCpu.Read(Environment.ProcessId));
            return;
        }
        var sum = 0L;
        using var worked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            // A fixed amount of work (~0.1-0.3 s of CPU), not a wall-clock spin: the CPU it takes does not depend on load.
            for (var i = 0L; i < 300_000_000; i++)
            {
                sum += i ^ (sum >> 3);
            }
            worked.Set();
            release.Wait(); // alive while it is read: a thread that has ended leaves /proc/PID/task
        }) { Name = "cpu-probe" };
        worker.Start();
        worked.Wait();

        var threads = ThreadCpu.Read(Environment.ProcessId);
        release.Set();
        worker.Join();

        Assert.NotNull(threads);
        Assert.True(threads.TryGetValue("cpu-probe", out var cpu), string.Join(", ", threads.Keys));
        Assert.True(cpu > TimeSpan.Zero, $"sum {sum}");
    }
}
