using System.Buffers;
using System.Text.Json;
using Ledger.Core.Records;
using Ledger.Zmq;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger send</c>: pushes one message to the daemon's PULL socket (the seed's log_event.sh).</summary>
internal sealed class SendCommand : ICliCommand
{
    public string Name => "send";
    public string Summary => "send one message to the daemon (PUSH, fire-and-forget)";
    public IReadOnlyList<string> ValueOptions => ["--speaker", "--message", "--context", "--role", "--receiver", "--type", "--id", "--topic", "--endpoint"];
    public IReadOnlyList<string> FlagOptions => [];

    public string Usage => """
        usage: ledger send --speaker S --message M [--context C] [--role R] [--receiver X] [--type T]
                           [--id ID] [--topic TOPIC] [--endpoint tcp://127.0.0.1:5557]
          Pushes one seed-shaped JSON message to the daemon's PULL socket (default from config/appsettings.json).
          Fire-and-forget: waits up to 5 s for the message to leave this process, not for the fsync.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var speaker = args.Require("--speaker");
        var message = args.Require("--message");
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }
        var endpoint = args.Get("--endpoint") ?? CliDefaults.PullEndpoint();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, LedgerRecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Id", args.Get("--id") ?? Guid.CreateVersion7().ToString());
            writer.WriteString("Timestamp", LedgerRecordJson.FormatTimestamp(DateTime.UtcNow));
            writer.WriteString("SpeakerName", speaker);
            writer.WriteString("SpeakerRole", args.Get("--role") ?? "Agent");
            writer.WriteString("Message", message);
            writer.WriteNumber("ConversationType", 0);
            WriteOptional(writer, "ContextId", args.Get("--context"));
            WriteOptional(writer, "Receiver", args.Get("--receiver"));
            WriteOptional(writer, "MessageType", args.Get("--type"));
            writer.WriteEndObject();
        }
        using var context = new ZmqContext();
        using (var push = context.CreateSocket(ZmqSocketType.Push))
        {
            push.SetOption(ZmqSocketOption.Linger, 5000);
            push.SetOption(ZmqSocketOption.SndTimeo, 5000);
            push.Connect(endpoint);
            var topic = args.Get("--topic");
            if (topic is not null)
            {
                push.Send(topic, ZmqSendFlags.SendMore);
            }
            if (!push.TrySend(buffer.WrittenSpan))
            {
                Console.Error.WriteLine($"ledger send: could not queue the message for {endpoint} within 5 s");
                return Task.FromResult(1);
            }
        }
        return Task.FromResult(0);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
