using Ledger.Core.Ingest;

namespace Ledger.Core.Tests.Ingest;

public sealed class KnownIdsTests
{
    [Fact]
    public void TryGet_AddedId_ReturnsItsSequence()
    {
        var ids = new KnownIds(10);
        ids.Add("a", 7);
        Assert.True(ids.TryGet("a", out var sequence));
        Assert.Equal(7, sequence);
        Assert.False(ids.TryGet("b", out _));
    }

    [Fact]
    public void Add_BeyondCapacity_EvictsOldestOnly()
    {
        var ids = new KnownIds(3);
        ids.Add("a", 1);
        ids.Add("b", 2);
        ids.Add("c", 3);
        ids.Add("d", 4);
        Assert.False(ids.TryGet("a", out _));
        Assert.True(ids.TryGet("b", out _));
        Assert.True(ids.TryGet("d", out _));
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public void Add_SameIdTwice_KeepsFirstSequence()
    {
        var ids = new KnownIds(3);
        ids.Add("a", 1);
        ids.Add("a", 9);
        Assert.True(ids.TryGet("a", out var sequence));
        Assert.Equal(1, sequence);
        Assert.Equal(1, ids.Count);
    }
}
