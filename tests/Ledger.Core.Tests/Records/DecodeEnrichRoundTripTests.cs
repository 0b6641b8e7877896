using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Records;

/// <summary>decode → enrich → journal line → parse: what the daemon writes is what readers get back.</summary>
public sealed class DecodeEnrichRoundTripTests
{
    [Fact]
    public void JournalLine_DecodedAndEnrichedRecord_ParsesBackToSameValues()
    {
        var record = Decode.Ok("""
            {"id":"rt-1","timestamp":"2025-12-01T19:09:21.123456+02:00","sender":"claude_code","speaker_role":"Agent",
             "receiver":"gemini_cli","message_type":"chat","content":"Deployed the lease fix to staging — ready for review?",
             "conversation_type":1,"context_id":"ctx","correlation_id":"corr","causation_id":"cause",
             "metadata":{"chain_type":"mine","nested":{"list":[1,2.50,"ü"]},"flag":true}}
            """);
        record.Sequence = 42;
        record.Metadata = new MetadataEnricher(RepoPaths.Rules).Enrich(record);

        var line = LedgerRecordJson.ToJson(record);
        Assert.True(LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out var parsed, out var error), error);

        Assert.DoesNotContain('\n', line);
        Assert.Contains("\"chain_type\":\"deployment_ops\"", line);
        Assert.Contains("\"client_chain_type\":\"mine\"", line);
        Assert.Equal(record.Id, parsed.Id);
        Assert.Equal(42, parsed.Sequence);
        Assert.Equal(record.Timestamp, parsed.Timestamp);
        Assert.Equal(new DateTime(2025, 12, 1, 17, 9, 21, 123, DateTimeKind.Utc), parsed.Timestamp);
        Assert.Equal(record.ReceivedAt, parsed.ReceivedAt);
        Assert.Equal(record.SpeakerName, parsed.SpeakerName);
        Assert.Equal(record.SpeakerRole, parsed.SpeakerRole);
        Assert.Equal(record.Receiver, parsed.Receiver);
        Assert.Equal(record.MessageType, parsed.MessageType);
        Assert.Equal(record.Message, parsed.Message);
        Assert.Equal(record.ConversationType, parsed.ConversationType);
        Assert.Equal(record.ContextId, parsed.ContextId);
        Assert.Equal(record.CorrelationId, parsed.CorrelationId);
        Assert.Equal(record.CausationId, parsed.CausationId);
        Assert.Equal(record.Source, parsed.Source);
        Assert.Equal(record.Topic, parsed.Topic);
        Assert.Equal("deployment_ops", parsed.Metadata.ChainType);
        Assert.Equal(record.Metadata.AceTier, parsed.Metadata.AceTier);
        Assert.Equal(record.Metadata.ShlTags, parsed.Metadata.ShlTags);
        Assert.Equal(record.Metadata.Keywords, parsed.Metadata.Keywords);
        Assert.Equal(record.Metadata.ContentHash, parsed.Metadata.ContentHash);
        Assert.Equal(record.Metadata.Consolidated, parsed.Metadata.Consolidated);
        Assert.Equal(record.Metadata.OriginalMessageCount, parsed.Metadata.OriginalMessageCount);
        Assert.Equal("""{"client_chain_type":"mine","nested":{"list":[1,2.50,"ü"]},"flag":true}""", parsed.Metadata.ClientJson);
        Assert.Equal(record.Metadata.ClientJson, parsed.Metadata.ClientJson);
    }
}
