using Ledger.Parquet.File;
using Ledger.Parquet.Tests.Support;

namespace Ledger.Parquet.Tests.File;

/// <summary>Special cases (big values, unicode, dictionary choice, pages, types) read back by DuckDB and polars.</summary>
public sealed class ParquetFileWriterInteropTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public void Write_OneMegabyteMessages_ReadersReturnThemWhole(ParquetCompression codec)
    {
        var rows = TestTable.Rows(4, 1)
            .Select((r, i) => r with { Message = string.Concat(Enumerable.Repeat($"{i}-日本語 😀 text ", 80_000))[..(1024 * 1024)] })
            .ToList();
        var path = _temp.Combine("big.parquet");

        TestTable.Write(path, rows, new ParquetWriterOptions { Compression = codec });

        RowAssert.Equal(rows, InteropReaders.DuckDb(path));
        RowAssert.Equal(rows, InteropReaders.Polars(path));
    }

    [Fact]
    public void Write_SmallPages_ManyPagesPerChunkReadBack()
    {
        // 1 KB pages split every column, list columns included, into many pages: each must start at a row.
        var rows = TestTable.Rows(2_000, 30);
        var path = _temp.Combine("pages.parquet");

        TestTable.Write(path, rows, new ParquetWriterOptions { PageSizeBytes = 1024, RowGroupRows = 1_500 });

        RowAssert.Equal(rows, InteropReaders.DuckDb(path));
        RowAssert.Equal(rows, InteropReaders.Polars(path));
    }

    [Fact]
    public void Write_UnicodeAndLoneSurrogates_ReadersSeeValidUtf8WithReplacementCharacter()
    {
        var rows = TestTable.Rows(7, 1);
        var path = _temp.Combine("unicode.parquet");

        TestTable.Write(path, rows, ParquetWriterOptions.Default);

        var messages = InteropReaders.DuckDb(path).Rows.Select(r => InteropResult.String(r, "message")).ToList();
        Assert.Equal("日本語のテキスト #1", messages[1]);
        Assert.Equal("emoji 😀🚀 mixed #2", messages[2]);
        Assert.Equal("e\u0301 combining #3", messages[3]);
        Assert.Equal("lone \uFFFD high #4", messages[4]);
        Assert.Equal("lone \uFFFD low #5", messages[5]);
    }

    [Fact]
    public void Write_LowCardinalityStrings_UsesDictionaryEncoding()
    {
        var path = _temp.Combine("dictionary.parquet");

        TestTable.Write(path, TestTable.Rows(500, 3), ParquetWriterOptions.Default);

        Assert.Contains("RLE_DICTIONARY", EncodingsOf(path, "speaker"));
        Assert.DoesNotContain("RLE_DICTIONARY", EncodingsOf(path, "message"));
    }

    [Fact]
    public void Write_DictionaryOverOneMegabyte_FallsBackToPlainAndReadsBack()
    {
        // 100 distinct speakers of 20 KB each: a 2 MB dictionary, past the 1 MB limit.
        var rows = TestTable.Rows(300, 100).Select(r => r with { Speaker = r.Speaker + new string('s', 20_000) }).ToList();
        var path = _temp.Combine("fallback.parquet");

        TestTable.Write(path, rows, ParquetWriterOptions.Default);

        Assert.DoesNotContain("RLE_DICTIONARY", EncodingsOf(path, "speaker"));
        RowAssert.Equal(rows, InteropReaders.DuckDb(path));
        RowAssert.Equal(rows, InteropReaders.Polars(path));
    }

    [Fact]
    public void Complete_NoRows_ReadersSeeEmptyTableWithSchema()
    {
        var path = _temp.Combine("empty.parquet");

        TestTable.Write(path, [], ParquetWriterOptions.Default);

        var duck = InteropReaders.DuckDb(path);
        Assert.Empty(duck.Rows);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", duck.TypeOf("timestamp"));
        Assert.Equal("VARCHAR[]", duck.TypeOf("tags"));
        Assert.Empty(InteropReaders.Polars(path).Rows);
    }

    [Fact]
    public void Write_Types_ReadersSeeLogicalTypes()
    {
        var path = _temp.Combine("types.parquet");

        TestTable.Write(path, TestTable.Rows(10, 2), ParquetWriterOptions.Default);

        var duck = InteropReaders.DuckDb(path);
        Assert.Equal(
            ["BIGINT", "TIMESTAMP WITH TIME ZONE", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "BOOLEAN", "BIGINT", "VARCHAR[]", "VARCHAR[]"],
            duck.Columns.Select(c => c.Type));
        var polars = InteropReaders.Polars(path);
        Assert.Equal("Datetime(us,UTC)", polars.TypeOf("timestamp"));
        Assert.Contains("List", polars.TypeOf("tags"));
    }

    private static string EncodingsOf(string path, string column)
    {
        var result = InteropReaders.DuckDb(path, $"SELECT string_agg(encodings, ',') AS e FROM parquet_metadata('{path}') WHERE path_in_schema = '{column}'");
        return InteropResult.String(result.Rows[0], "e")!;
    }

    public void Dispose() => _temp.Dispose();
}
