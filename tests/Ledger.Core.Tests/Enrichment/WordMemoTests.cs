using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class WordMemoTests
{
    private static readonly EnrichmentLexicon.WordInfo Info = new(true, 1, 2, 4, 8);

    [Fact]
    public void TryGet_AfterTryAdd_ReturnsTheValueOnlyForTheSameWord()
    {
        var memo = new WordMemo();
        memo.TryAdd("deploy", WordMemo.Hash("deploy"), Info);

        Assert.True(memo.TryGet("deploy", WordMemo.Hash("deploy"), out var found));
        Assert.Equal(Info, found);
        Assert.False(memo.TryGet("deploys", WordMemo.Hash("deploys"), out _));
        Assert.False(memo.TryGet("deplo", WordMemo.Hash("deplo"), out _));
    }

    [Fact]
    public void TryGet_SameHashDifferentWord_IsAMiss()
    {
        // A forced collision: the stored hash matches, the characters do not.
        var memo = new WordMemo();
        memo.TryAdd("alpha", 12345, Info);

        Assert.False(memo.TryGet("omega", 12345, out _));
        Assert.True(memo.TryGet("alpha", 12345, out _));
    }

    [Fact]
    public void TryAdd_ManyCollidingWords_StaysBoundedAndNeverReturnsAWrongValue()
    {
        var memo = new WordMemo();
        for (var i = 0; i < 100; i++)
        {
            memo.TryAdd("w" + i, 777, new EnrichmentLexicon.WordInfo(false, (uint)i, 0, 0, 0));
        }

        // Only the first few fit in the probe window; later ones are simply not remembered.
        Assert.True(memo.Count < 100);
        for (var i = 0; i < 100; i++)
        {
            if (memo.TryGet("w" + i, 777, out var info))
            {
                Assert.Equal((uint)i, info.StatusMask);
            }
        }
    }

    [Fact]
    public void TryAdd_PastCapacity_KeepsEarlierWordsAndIgnoresNewOnes()
    {
        var memo = new WordMemo();
        for (var i = 0; i < WordMemo.MaxWords + 500; i++)
        {
            var word = "word" + i;
            memo.TryAdd(word, WordMemo.Hash(word), Info);
        }

        Assert.True(memo.Count <= WordMemo.MaxWords);
        Assert.True(memo.TryGet("word0", WordMemo.Hash("word0"), out _));
    }

    [Fact]
    public void Hash_SameCharacters_SameHashAndNeverZero()
    {
        Assert.Equal(WordMemo.Hash("scheduler"), WordMemo.Hash("scheduler".AsSpan()));
        Assert.NotEqual(0u, WordMemo.Hash(""));
        Assert.NotEqual(WordMemo.Hash("ab"), WordMemo.Hash("ba"));
    }

    [Fact]
    public void CounterSlot_NextMessage_ForgetsEveryAssignment()
    {
        var memo = new WordMemo();
        var id = memo.TryAdd("lease", WordMemo.Hash("lease"), Info);
        memo.BeginMessage();
        memo.SetCounterSlot(id, 3);
        Assert.Equal(3, memo.CounterSlot(id));

        memo.BeginMessage();

        Assert.Equal(-1, memo.CounterSlot(id));
    }

    [Fact]
    public void TryGetPacked_AfterAddPacked_FindsOnlyTheSameWord()
    {
        var memo = new WordMemo();
        var deploy = WordMemo.PackAscii("deploy\0\0", 6);
        memo.AddPacked(deploy, 7);

        Assert.True(memo.TryGetPacked(deploy, out var value));
        Assert.Equal(7, value);
        Assert.False(memo.TryGetPacked(WordMemo.PackAscii("deploys\0", 7), out _));
        Assert.False(memo.TryGetPacked(WordMemo.PackAscii("deplo\0\0\0", 5), out _));
    }

    [Fact]
    public void PackAscii_CharactersPastTheLength_AreIgnored()
    {
        // The enricher reads eight characters whatever the token's length: the rest of the text must not leak in.
        Assert.Equal(WordMemo.PackAscii("ci and more", 2), WordMemo.PackAscii("ci\0\0\0\0\0\0", 2));
        Assert.NotEqual(WordMemo.PackAscii("ci and more", 2), WordMemo.PackAscii("ci and more", 3));
        Assert.Equal(0x6968676665646362UL, WordMemo.PackAscii("bcdefghi", 8));
    }
}
