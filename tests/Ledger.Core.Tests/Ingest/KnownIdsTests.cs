using System.Security.Cryptography;
using System.Text;
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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(5_000)]
    [InlineData(20_000)]
    public void Add_ManyIdsWithRepeats_AgreesWithAQueueAndDictionaryModel(int capacity)
    {
        var random = new Random(capacity);
        var ahead = new Random(capacity + 1);
        var ids = new KnownIds(capacity);
        var model = new Dictionary<UInt128, long>();
        var order = new Queue<UInt128>();
        var seen = new List<UInt128>();
        for (long sequence = 1; sequence <= 60_000; sequence++)
        {
            // One Add in five repeats an Id seen before (still in the window or already evicted).
            var digest = seen.Count > 0 && random.Next(5) == 0
                ? seen[random.Next(seen.Count)]
                : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
            seen.Add(digest);
            // The commit loop's hint, in every state of the window (growing, full, wrapping): must change nothing.
            ids.Prefetch(digest, ahead.Next(0, 17));
            ids.Add(digest, sequence);
            if (model.TryAdd(digest, sequence))
            {
                order.Enqueue(digest);
                if (order.Count > capacity)
                {
                    model.Remove(order.Dequeue());
                }
            }
            if (sequence % 97 == 0 || sequence > 59_900)
            {
                Assert.Equal(model.Count, ids.Count);
                for (var i = 0; i < 20; i++)
                {
                    var probe = seen[random.Next(seen.Count)];
                    Assert.Equal(model.TryGetValue(probe, out var expected), ids.TryGet(probe, out var actual));
                    Assert.Equal(expected, actual);
                }
            }
        }
        foreach (var (digest, sequence) in model)
        {
            Assert.True(ids.TryGet(digest, out var actual));
            Assert.Equal(sequence, actual);
        }
    }

    [Fact]
    public void Add_SequenceZero_IsRemembered()
    {
        var ids = new KnownIds(2);
        ids.Add("a", 0);

        Assert.True(ids.TryGet("a", out var sequence));
        Assert.Equal(0, sequence);
    }

    [Fact]
    public void Digest_Utf8HashedManyAtOnce_SameAsDigestOfTheString()
    {
        // Ingest hashes a chunk's Ids as UTF-8 with Md5MultiBuffer (from the frame's bytes); recovery uses
        // Digest(string). They must agree on every Id.
        string[] ids = ["a", "", "0193a6c1-0000-7000-8000-000000000001", "naïve-日本語-😀", new string('x', 200), new string('é', 300), "42", "b", "c", "d"];
        var utf8 = ids.Select(Encoding.UTF8.GetBytes).ToArray();
        var bytes = utf8.SelectMany(b => b).ToArray();
        var ranges = new Range[ids.Length];
        var offset = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            ranges[i] = offset..(offset + utf8[i].Length);
            offset += utf8[i].Length;
        }
        var digests = new UInt128[ids.Length];

        Ledger.Core.Enrichment.Md5MultiBuffer.HashMany(bytes, ranges, digests);

        Assert.Equal(ids.Select(KnownIds.Digest), digests);
        Assert.Equal(utf8.Select(b => KnownIds.Digest(b)), digests);
        Assert.Equal(MD5.HashData(utf8[3]), ToBytes(digests[3])); // the MD5 of the UTF-8, as documented
    }

    private static byte[] ToBytes(UInt128 digest)
    {
        var bytes = new byte[16];
        System.Runtime.InteropServices.MemoryMarshal.Write(bytes, digest);
        return bytes;
    }
}
