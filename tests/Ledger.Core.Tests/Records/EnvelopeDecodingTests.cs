using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

public sealed class EnvelopeDecodingTests
{
    [Fact]
    public void TryDecode_EventEnvelope_MapsOntoRecord()
    {
        var record = Decode.Ok("""
            {"event_id":"evt-42","event_type":"task.completed","timestamp":"2025-12-01T18:00:00.250+01:00",
             "source":{"origin":"orchestrator","runtime":"python-3.12"},
             "correlation_id":"corr-1","causation_id":"evt-41",
             "payload":{"agent":"builder","message":"build finished","duration_ms":1234}}
            """);

        Assert.Equal("evt-42", record.Id);
        Assert.Equal("task.completed", record.MessageType);
        Assert.Equal(new DateTime(2025, 12, 1, 17, 0, 0, 250, DateTimeKind.Utc), record.Timestamp);
        Assert.Equal("corr-1", record.ContextId);
        Assert.Equal("corr-1", record.CorrelationId);
        Assert.Equal("evt-41", record.CausationId);
        Assert.Equal("builder", record.SpeakerName);
        Assert.Equal("build finished", record.Message);
        Assert.Equal("""{"runtime":"python-3.12","duration_ms":1234}""", record.Metadata.ClientJson);
    }

    [Fact]
    public void TryDecode_EnvelopeWithPayloadSpeakerAndContent_UsesThem()
    {
        var record = Decode.Ok("""{"event_id":"e","source":{"origin":"bus"},"payload":{"content":"hello","speaker":"alice"}}""");

        Assert.Equal("alice", record.SpeakerName);
        Assert.Equal("hello", record.Message);
        Assert.Null(record.Metadata.ClientJson);
    }

    [Fact]
    public void TryDecode_EnvelopeWithoutPayloadSpeaker_FallsBackToSourceOrigin()
    {
        var record = Decode.Ok("""{"EventId":"e","Source":{"Origin":"scheduler"},"Payload":{"message":"tick"}}""");

        Assert.Equal("scheduler", record.SpeakerName);
        Assert.Equal("tick", record.Message);
    }

    [Fact]
    public void TryDecode_EnvelopeWithoutPayloadText_UsesPayloadJsonAsSent()
    {
        var record = Decode.Ok("""{"event_id":"e","source":{"origin":"monitor"},"payload":{"cpu": 0.93, "host":"n1"}}""");

        Assert.Equal("""{"cpu": 0.93, "host":"n1"}""", record.Message);
        Assert.Equal("""{"cpu":0.93,"host":"n1"}""", record.Metadata.ClientJson);
    }

    [Fact]
    public void TryDecode_EnvelopeNumericEventId_KeepsText()
    {
        Assert.Equal("981", Decode.Ok("""{"event_id":981,"source":"cron","payload":"nightly run"}""").Id);
    }

    [Fact]
    public void TryDecode_EnvelopeWithoutAnySpeaker_IsRejected()
    {
        Assert.Equal("missing field SpeakerName", Decode.Rejected("""{"event_id":"e","payload":{"message":"x"}}"""));
    }

    [Fact]
    public void TryDecode_EnvelopeSourceWrongType_IsRejected()
    {
        Assert.Equal("source must be an object, got number", Decode.Rejected("""{"event_id":"e","source":5,"payload":{"message":"x"}}"""));
    }

    [Fact]
    public void TryDecode_EnvelopePayloadMessageWrongType_IsRejected()
    {
        Assert.Equal("payload.message must be a string, got object",
            Decode.Rejected("""{"source":{"origin":"o"},"payload":{"message":{"text":"x"}}}"""));
    }
}
