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
