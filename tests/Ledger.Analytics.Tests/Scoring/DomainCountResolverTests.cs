using Ledger.Analytics.Scoring;
using Ledger.Analytics.Tests.Support;

namespace Ledger.Analytics.Tests.Scoring;

public sealed class DomainCountResolverTests : IDisposable
{
    private readonly TempDataDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string WriteConfig(string json)
    {
        File.WriteAllText(Path.Combine(_root.Subdirectory("config"), "enrichment.json"), json);
        return _root.Subdirectory(Path.Combine("deep", "data"));
    }

    [Fact]
    public void Resolve_DomainsArrayInAncestor_CountsEntries()
    {
        var start = WriteConfig("""{"domains":[{"name":"a"},{"name":"b"},{"name":"c"}]}""");
        Assert.Equal(3, DomainCountResolver.Resolve(start));
    }

    [Fact]
    public void Resolve_DomainsObject_CountsMembers()
    {
        var start = WriteConfig("""{"top_keywords":5,"domains":{"security":["token"],"ui_ux":["button"]}}""");
        Assert.Equal(2, DomainCountResolver.Resolve(start));
    }

    [Fact]
    public void Resolve_BrokenFile_DefaultTen()
    {
        var start = WriteConfig("{ not json");
        Assert.Equal(10, DomainCountResolver.Resolve(start));
    }
}
