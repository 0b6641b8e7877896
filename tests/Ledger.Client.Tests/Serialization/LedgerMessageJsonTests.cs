using System.Text.Json;
using Ledger.Client.Serialization;

namespace Ledger.Client.Tests.Serialization;

public sealed class LedgerMessageJsonTests
{
    private static JsonElement Write(LedgerMessage message) => JsonDocument.Parse(LedgerMessageJson.Serialize(message)).RootElement;

    [Fact]
    public void Serialize_AllFields_WritesSeedShape()
    {
        var message = new LedgerMessage("claude_code", "Ship it — café ☕")
        {
            Id = "fixed-id",
            Timestamp = new DateTimeOffset(2025, 12, 1, 18, 9, 21, 123, TimeSpan.FromHours(1)),
            SpeakerRole = "Reviewer",
            ConversationType = 2,
            Receiver = "gemini_cli",
            MessageType = "decision",
            ContextId = "ctx",
            CorrelationId = "corr",
            CausationId = "cause",
        };

        var json = Write(message);

        Assert.Equal("fixed-id", json.GetProperty("Id").GetString());
        Assert.Equal("2025-12-01T17:09:21.123Z", json.GetProperty("Timestamp").GetString());
        Assert.Equal("claude_code", json.GetProperty("SpeakerName").GetString());
        Assert.Equal("Reviewer", json.GetProperty("SpeakerRole").GetString());
        Assert.Equal("Ship it — café ☕", json.GetProperty("Message").GetString());
        Assert.Equal(2, json.GetProperty("ConversationType").GetInt32());
        Assert.Equal("gemini_cli", json.GetProperty("Receiver").GetString());
        Assert.Equal("decision", json.GetProperty("MessageType").GetString());
        Assert.Equal("ctx", json.GetProperty("ContextId").GetString());
        Assert.Equal("corr", json.GetProperty("CorrelationId").GetString());
        Assert.Equal("cause", json.GetProperty("CausationId").GetString());
    }

    [Fact]
    public void Serialize_DefaultMessage_HasUuidV7IdAndOmitsUnsetOptionals()
    {
        var message = new LedgerMessage("a", "b");

        var json = Write(message);

        Assert.Equal(7, Guid.Parse(json.GetProperty("Id").GetString()!).Version);
        Assert.False(json.TryGetProperty("Receiver", out _));
        Assert.False(json.TryGetProperty("Metadata", out _));
        Assert.Equal("Agent", json.GetProperty("SpeakerRole").GetString());
    }

    [Fact]
    public void Serialize_SameInstanceTwice_ProducesIdenticalBytes()
    {
        var message = new LedgerMessage("a", "b");
        Assert.Equal(LedgerMessageJson.Serialize(message), LedgerMessageJson.Serialize(message));
    }

    [Fact]
    public void Serialize_NestedMetadata_WritesJsonValues()
    {
        var message = new LedgerMessage("a", "b")
        {
            Metadata = new Dictionary<string, object?>
            {
                ["text"] = "x",
                ["count"] = 3,
                ["ratio"] = 0.5,
                ["flag"] = true,
                ["none"] = null,
                ["tags"] = new List<string> { "@one", "@two" },
                ["nested"] = new Dictionary<string, object?> { ["deep"] = new[] { 1, 2 } },
                ["raw"] = JsonDocument.Parse("{\"k\":[1,\"v\"]}").RootElement,
                ["nan"] = double.NaN,
            },
        };

        var metadata = Write(message).GetProperty("Metadata");

        Assert.Equal("""{"text":"x","count":3,"ratio":0.5,"flag":true,"none":null,"tags":["@one","@two"],"nested":{"deep":[1,2]},"raw":{"k":[1,"v"]},"nan":null}""", metadata.GetRawText());
    }

    [Fact]
    public void Serialize_UnsupportedMetadataType_ThrowsArgumentException()
    {
        var message = new LedgerMessage("a", "b") { Metadata = new Dictionary<string, object?> { ["socket"] = new object() } };
        Assert.Throws<ArgumentException>(() => LedgerMessageJson.Serialize(message));
    }

    [Fact]
    public void Serialize_MetadataDeeperThan64_ThrowsArgumentException()
    {
        object? value = "leaf";
        for (var i = 0; i < 70; i++)
        {
            value = new Dictionary<string, object?> { ["d"] = value };
        }
        var message = new LedgerMessage("a", "b") { Metadata = (IReadOnlyDictionary<string, object?>)value };
        Assert.Throws<ArgumentException>(() => LedgerMessageJson.Serialize(message));
    }

    [Fact]
    public void Serialize_MissingSpeaker_ThrowsArgumentException() =>
        Assert.ThrowsAny<ArgumentException>(() => LedgerMessageJson.Serialize(new LedgerMessage("", "text")));
}
