using System.Text;
using IronSnappy;
using Ledger.Parquet.Encodings;

namespace Ledger.Parquet.Tests.Encodings;

/// <summary>Our Snappy encoder against an independent implementation: what it writes must decode to the input.</summary>
public sealed class SnappyBlockEncoderTests
{
    private static byte[] Encode(SnappyBlockEncoder encoder, ReadOnlySpan<byte> input)
    {
        var output = new byte[SnappyBlockEncoder.MaxEncodedLength(input.Length)];
        return output[..encoder.Encode(input, output)];
    }

    public static TheoryData<string, byte[]> Inputs()
    {
        var random = new Random(7);
        byte[] Random(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }
        var lines = new StringBuilder();
        for (var i = 0; lines.Length < 300_000; i++)
        {
            lines.Append($"{{\"Id\":\"0193a6c1-{i:D12}\",\"Sequence\":{i},\"SpeakerName\":\"agent_{i % 7}\",\"Message\":\"plan the lease {i * 7919 % 1000}\"}}\n");
        }
        // Long runs (copies longer than 64 bytes, split), far offsets (≥ 2048: the 3-byte form), a match at the very end.
        var far = Random(5_000);
        var farRepeat = far.Concat(Random(3_000)).Concat(far[..300]).ToArray();
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "one byte", [42] },
            { "16 bytes, one literal", Random(16) },
            { "17 bytes, the smallest searched block", Random(17) },
            { "incompressible, several blocks", Random(200_003) },
            { "zeros, several blocks", new byte[300_000] },
            { "one byte repeated 70 times", Enumerable.Repeat((byte)'a', 70).ToArray() },
            { "journal-like lines", Encoding.UTF8.GetBytes(lines.ToString()) },
            { "a repeat 8 KB back", farRepeat },
            { "exactly one block", Random(65_536) },
            { "a block and one byte", Enumerable.Repeat((byte)'x', 65_537).ToArray() },
        };
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Encode_Input_DecodesBackToIt(string name, byte[] input)
    {
        var encoded = Encode(new SnappyBlockEncoder(), input);

        Assert.True(encoded.Length <= SnappyBlockEncoder.MaxEncodedLength(input.Length), name);
        Assert.Equal(input, Snappy.Decode(encoded));
    }

    [Fact]
    public void Encode_RandomMixesOfRepeatsAndNoise_DecodeBackWithOneEncoderReused()
    {
        var random = new Random(11);
        var encoder = new SnappyBlockEncoder(); // its table is reused: a stale entry must never produce a wrong copy
        for (var round = 0; round < 300; round++)
        {
            var input = new List<byte>();
            var length = random.Next(0, 150_000);
            while (input.Count < length)
            {
                if (input.Count > 0 && random.Next(2) == 0)
                {
                    var from = random.Next(input.Count);
                    var count = Math.Min(random.Next(1, 300), input.Count - from);
                    input.AddRange(input.GetRange(from, count));
                }
                else
                {
                    var noise = new byte[random.Next(1, 100)];
                    random.NextBytes(noise);
                    input.AddRange(noise.Select(b => (byte)(b % (1 + round % 200))));
                }
            }
            var bytes = input.ToArray();

            Assert.Equal(bytes, Snappy.Decode(Encode(encoder, bytes)));
        }
    }

    [Fact]
    public void Encode_JournalLikeText_CompressesAsWellAsTheReferenceAlgorithm()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            text.Append($"{{\"SpeakerName\":\"agent_{i % 7}\",\"Message\":\"the lease service refactor {i % 97} is done\",\"keywords\":[\"lease\",\"k{i % 13}\"]}}\n");
        }
        var input = Encoding.UTF8.GetBytes(text.ToString());

        var ours = Encode(new SnappyBlockEncoder(), input);
        var reference = Snappy.Encode(input);

        Assert.True(ours.Length < input.Length / 4, $"{ours.Length} of {input.Length} bytes");
        Assert.True(ours.Length <= reference.Length * 1.02, $"{ours.Length} bytes against the reference's {reference.Length}");
    }

    [Fact]
    public void Encode_OutputShorterThanTheBound_Refused()
    {
        var input = new byte[1000];

        Assert.Throws<ArgumentException>(() => new SnappyBlockEncoder().Encode(input, new byte[SnappyBlockEncoder.MaxEncodedLength(1000) - 1]));
    }
}
