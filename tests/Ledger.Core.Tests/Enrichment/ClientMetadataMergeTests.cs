using Ledger.Core.Enrichment;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Enrichment;

public sealed class ClientMetadataMergeTests
{
    private static readonly MetadataEnricher Enricher = new(RepoPaths.Rules);

    [Fact]
    public void Enrich_ClientKeysWithoutConflict_AreKeptAsTheSameString()
    {
        const string client = """{"priority":"high","attempt":3}""";

        Assert.Same(client, Enricher.Enrich("hello there", client).ClientJson);
    }

    [Fact]
    public void Enrich_ClientKeyEqualToEnrichmentKey_IsRenamedWithClientPrefix()
    {
        var metadata = Enricher.Enrich("Found the bug in the parser.", """{"chain_type":"mine","priority":1,"keywords":["a","b"]}""");

        Assert.Equal("debugging", metadata.ChainType);
        Assert.Equal("""{"client_chain_type":"mine","priority":1,"client_keywords":["a","b"]}""", metadata.ClientJson);
    }

    [Fact]
    public void Enrich_EnrichmentKeyEscapedInTheFrame_IsStillRenamed()
    {
        // The merger's quick check looks for the key names as text; the decoder's builder must have unescaped them.
        var decoder = new Ledger.Core.Records.MessageDecoder();
        var frame = """{"SpeakerName":"a","Message":"hello","Metadata":{"chain\u005ftype":"mine","\u0061ce_tier":"Z"}}"""u8;
        Assert.True(decoder.TryDecode(frame, new Ledger.Core.Records.FrameContext("pull", null, DateTime.UtcNow), out var record, out var reason), reason);

        var metadata = Enricher.Enrich(record.Message, record.Metadata.ClientJson);

        Assert.Equal("""{"client_chain_type":"mine","client_ace_tier":"Z"}""", metadata.ClientJson);
    }

    [Fact]
    public void Enrich_EscapedEnrichmentKeyPassedDirectly_IsStillRenamed()
    {
        // Enrich is public: client JSON that did not come through the decoder may spell a key with an escape.
        var metadata = Enricher.Enrich("hello", """{"chain\u005ftype":"mine"}""");

        Assert.Equal("""{"client_chain_type":"mine"}""", metadata.ClientJson);
    }

    [Fact]
    public void Enrich_KeyNameOnlyInsideAValue_IsKeptAsTheSameString()
    {
        const string client = """{"note":"chain_type","list":["keywords"]}""";

        Assert.Same(client, Enricher.Enrich("hello there", client).ClientJson);
    }

    [Fact]
    public void Enrich_RenamedKeyAlreadyTaken_PrefixesAgainSoNothingIsLost()
    {
        var metadata = Enricher.Enrich("hello", """{"content_hash":"x","client_content_hash":"y"}""");

        Assert.Equal("""{"client_client_content_hash":"x","client_content_hash":"y"}""", metadata.ClientJson);
    }

    [Fact]
    public void Enrich_NoClientMetadata_LeavesClientJsonNull()
    {
        Assert.Null(Enricher.Enrich("hello", null).ClientJson);
    }
}
