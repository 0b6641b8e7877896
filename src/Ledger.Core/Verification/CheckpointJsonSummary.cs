using System.Text.Json;

namespace Ledger.Core.Verification;

/// <summary>The header fields of a checkpoint JSON file and whether its Messages carry the expected Sequences.</summary>
/// <remarks>
/// Read with <see cref="Utf8JsonReader"/> over a refilled buffer, never a DOM: a checkpoint can hold hundreds of
/// megabytes of messages and memory must stay bounded by the longest single token.
/// </remarks>
internal sealed class CheckpointJsonSummary
{
    private string? _rootProperty;
    private bool _inMessages;
    private bool _messageHasSequence;
    private bool _sawSequenceProperty;
    private long _expectedSequence;

    private CheckpointJsonSummary(long expectedFirstSequence) => _expectedSequence = expectedFirstSequence;

    public long? FormatVersion { get; private set; }
    public string? Label { get; private set; }
    public long? FirstSequence { get; private set; }
    public long? LastSequence { get; private set; }
    public long? Count { get; private set; }

    /// <summary>Elements of the Messages array.</summary>
    public long MessageCount { get; private set; }

    /// <summary>The first message whose Sequence is not the next expected one, described; null when all are.</summary>
    public string? SequenceProblem { get; private set; }

    /// <summary>Reads a whole checkpoint JSON stream; throws <see cref="JsonException"/> when it is not valid JSON.</summary>
    public static CheckpointJsonSummary Read(Stream stream, long expectedFirstSequence)
    {
        var summary = new CheckpointJsonSummary(expectedFirstSequence);
        var buffer = new byte[1 << 16];
        var filled = 0;
        var final = false;
        var state = new JsonReaderState();
        while (!final)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            final = read == 0;
            filled += read;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
            while (reader.Read())
            {
                summary.Handle(ref reader);
            }
            state = reader.CurrentState;
            var consumed = (int)reader.BytesConsumed;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
        }
        return summary;
    }

    private void Handle(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType, reader.CurrentDepth)
        {
            case (JsonTokenType.PropertyName, 1):
                _rootProperty = reader.GetString();
                break;
            case (JsonTokenType.StartArray, 1):
                _inMessages = _rootProperty == "Messages";
                break;
            case (JsonTokenType.EndArray, 1):
                _inMessages = false;
                break;
            case (JsonTokenType.Number, 1):
                ReadHeaderNumber(reader.GetInt64());
                break;
            case (JsonTokenType.String, 1) when _rootProperty == "Label":
                Label = reader.GetString();
                break;
            case (JsonTokenType.StartObject, 2) when _inMessages:
                MessageCount++;
                _messageHasSequence = false;
                break;
            case (JsonTokenType.EndObject, 2) when _inMessages:
                if (!_messageHasSequence)
                {
                    Flag($"message #{MessageCount} has no Sequence");
                }
                break;
            case (JsonTokenType.PropertyName, 3) when _inMessages:
                _sawSequenceProperty = reader.ValueTextEquals("Sequence"u8);
                break;
            case (JsonTokenType.Number, 3) when _inMessages && _sawSequenceProperty:
                _messageHasSequence = true;
                _sawSequenceProperty = false;
                var sequence = reader.GetInt64();
                if (sequence != _expectedSequence)
                {
                    Flag($"message #{MessageCount} has Sequence {sequence}, expected {_expectedSequence}");
                }
                _expectedSequence = sequence + 1;
                break;
        }
    }

    private void ReadHeaderNumber(long value)
    {
        switch (_rootProperty)
        {
            case "FormatVersion":
                FormatVersion = value;
                break;
            case "FirstSequence":
                FirstSequence = value;
                break;
            case "LastSequence":
                LastSequence = value;
                break;
            case "Count":
                Count = value;
                break;
        }
    }

    private void Flag(string problem) => SequenceProblem ??= problem;
}
