using System.Diagnostics;
using Ledger.Cli.Bench;
using Ledger.Zmq;

namespace Ledger.Cli.Commands;

/// <summary>The sender process of <c>ledger bench</c>: PUSHes N bench messages (or a journal's, <c>--data-dir</c>) as fast as possible.</summary>
/// <remarks>Prints "ready" once connected and waits for a line on stdin, so the parent times only the sending.</remarks>
internal sealed class BenchSendCommand : ICliCommand
{
    public string Name => "bench-send";
    public string Summary => "(used by ledger bench) sender process: PUSH N bench messages";
    public IReadOnlyList<string> ValueOptions => ["--endpoint", "--count", "--prefix", "--data-dir"];
    public IReadOnlyList<string> FlagOptions => [];
    public string Usage => "usage: ledger bench-send --endpoint E --count N [--prefix P] [--data-dir DIR]";

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var endpoint = args.Require("--endpoint");
        var count = args.GetInt("--count", 0, min: 1);
        var prefix = args.Get("--prefix") ?? "bench";
        var templates = BenchPayloads.Templates(prefix, 1000, CliDefaults.GivenDataDirectory(args));
        var buffer = new byte[templates.Max(t => t.Length)];
        using var context = new ZmqContext();
        using var push = context.CreateSocket(ZmqSocketType.Push);
        push.SetOption(ZmqSocketOption.SndHwm, 100_000);
        push.SetOption(ZmqSocketOption.Linger, 60_000);
        push.Connect(endpoint);
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        Console.In.ReadLine();
        var stopwatch = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            var template = templates[i % templates.Length];
            var message = buffer.AsSpan(0, template.Length);
            template.CopyTo(message);
            BenchPayloads.Patch(message, prefix.Length, i);
            push.Send(message);
        }
        Console.Out.WriteLine($"sent {count} in {stopwatch.Elapsed.TotalSeconds:F3} s");
        return Task.FromResult(0);
    }
}
