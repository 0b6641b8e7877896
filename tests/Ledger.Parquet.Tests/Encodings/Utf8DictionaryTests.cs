using System.Text;
using Ledger.Parquet.Columns;

namespace Ledger.Parquet.Tests.Encodings;

public sealed class Utf8DictionaryTests
{
    [Fact]
    public void GetOrAdd_ManyValues_IdsInFirstSeenOrderAndStableAcrossGrowth()
    {
        var dictionary = new Utf8Dictionary();
        var values = Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? $"längeres-wort-{i}-😀" : $"k{i}").ToList();

        var ids = values.Select(v => dictionary.GetOrAdd(Encoding.UTF8.GetBytes(v))).ToList();
        var again = values.Select(v => dictionary.GetOrAdd(Encoding.UTF8.GetBytes(v))).ToList();

        Assert.Equal(Enumerable.Range(0, values.Count), ids);
        Assert.Equal(ids, again);
        Assert.Equal(values.Count, dictionary.Count);
        Assert.Equal(values.Sum(v => Encoding.UTF8.GetByteCount(v)), dictionary.ByteCount);
        Assert.Equal(values, Enumerable.Range(0, dictionary.Count).Select(id => Encoding.UTF8.GetString(dictionary[id])));
    }

    [Fact]
    public void GetOrAdd_PrefixesEmptyAndEqualLengthValues_AreDistinct()
    {
        var dictionary = new Utf8Dictionary();
        string[] values = ["", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgi", "\0", "\0\0", "ba"];

        var ids = values.Select(v => dictionary.GetOrAdd(Encoding.UTF8.GetBytes(v))).ToList();

        Assert.Equal(Enumerable.Range(0, values.Length), ids);
        Assert.Equal(3, dictionary.GetOrAdd("abcdefgh"u8));
    }

    [Fact]
    public void Clear_AfterValues_StartsAgainFromIdZero()
    {
        var dictionary = new Utf8Dictionary();
        for (var i = 0; i < 1_000; i++)
        {
            dictionary.GetOrAdd(Encoding.UTF8.GetBytes($"v{i}"));
        }

        dictionary.Clear();

        Assert.Equal(0, dictionary.Count);
        Assert.Equal(0, dictionary.ByteCount);
        Assert.Equal(0, dictionary.GetOrAdd("v999"u8));
        Assert.Equal(1, dictionary.GetOrAdd("v0"u8));
        Assert.Equal(0, dictionary.GetOrAdd("v999"u8));
    }
}
