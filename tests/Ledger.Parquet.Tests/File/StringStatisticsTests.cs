using System.Text;
using Ledger.Parquet.File;
using Ledger.Parquet.Schema;
using Ledger.Parquet.Tests.Support;

namespace Ledger.Parquet.Tests.File;

/// <summary>String min/max are found when a chunk is written: over the dictionary, or over every value once it is dropped.</summary>
public sealed class StringStatisticsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Footer_DictionaryPlainAndDroppedDictionaryChunks_MinMaxInUtf8ByteOrder()
    {
        var schema = new ParquetSchema(
            new ParquetField("dict", ParquetType.String, true),
            new ParquetField("plain", ParquetType.String, false) { DictionaryEncoding = false },
            new ParquetField("dropped", ParquetType.String, false),
            new ParquetField("tags", ParquetType.StringList, true));
        // U+1F600 sorts after U+FFFD in UTF-8 but before it in UTF-16 (a surrogate pair); statistics must use the UTF-8 order.
        string[] words = ["m", "\uFFFD", "😀", "b", "zz", "a"];
        var path = _temp.Combine("stats.parquet");
        var dropped = new List<string>();
        using (var stream = System.IO.File.Create(path))
        using (var writer = new ParquetFileWriter(stream, schema, new ParquetWriterOptions { RowGroupRows = 80_000 }))
        {
            for (var i = 0; i < 70_000; i++)
            {
                writer.BeginRow();
                writer.SetString(0, i % 11 == 0 ? null : words[i % words.Length]);
                writer.SetStringUtf8(1, Encoding.UTF8.GetBytes(words[(i + 1) % words.Length] + i));
                var distinct = $"v{(i * 7919) % 70_000:D5}";
                dropped.Add(distinct);
                writer.SetString(2, distinct);
                var tag = Encoding.UTF8.GetBytes(words[(i + 2) % words.Length]);
                writer.SetStringListUtf8(3, tag, i % 5 == 0 ? [] : [0..tag.Length, 0..0]);
                writer.EndRow();
            }
        }

        var result = InteropReaders.DuckDb(path,
            $"SELECT path_in_schema AS col, stats_min_value AS lo, stats_max_value AS hi, encodings AS enc FROM parquet_metadata('{path}') ORDER BY 1");

        var byColumn = result.Rows.ToDictionary(r => InteropResult.String(r, "col")!.Split(',', '.').Last().Trim(), r => (Lo: InteropResult.String(r, "lo"), Hi: InteropResult.String(r, "hi"), Enc: InteropResult.String(r, "enc")));
        Assert.Equal(("a", "😀"), (byColumn["dict"].Lo, byColumn["dict"].Hi));
        Assert.Contains("DICTIONARY", byColumn["dict"].Enc);
        var plain = Enumerable.Range(0, 70_000).Select(i => words[(i + 1) % words.Length] + i).Order(Comparer<string>.Create((x, y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)))).ToList();
        Assert.Equal((plain[0], plain[^1]), (byColumn["plain"].Lo, byColumn["plain"].Hi));
        Assert.Equal(("v00000", "v69999"), (byColumn["dropped"].Lo, byColumn["dropped"].Hi));
        Assert.DoesNotContain("DICTIONARY", byColumn["dropped"].Enc);
        Assert.Equal(("", "😀"), (byColumn["element"].Lo, byColumn["element"].Hi));
    }

    public void Dispose() => _temp.Dispose();
}
