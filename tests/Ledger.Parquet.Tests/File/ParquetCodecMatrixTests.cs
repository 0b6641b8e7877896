using Ledger.Parquet.File;
using Ledger.Parquet.Tests.Support;

namespace Ledger.Parquet.Tests.File;

/// <summary>Every codec × (1 row, one-entry dictionary, many speakers over several row groups), read by DuckDB and polars.</summary>
public sealed class ParquetCodecMatrixTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public static TheoryData<ParquetCompression, int, int, int> Shapes()
    {
        var data = new TheoryData<ParquetCompression, int, int, int>();
        foreach (var codec in Enum.GetValues<ParquetCompression>())
        {
            data.Add(codec, 1, 1, 100_000);
            data.Add(codec, 700, 1, 100_000);
            data.Add(codec, 2_500, 100, 1_000);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_RowsOfEveryKind_DuckDbAndPolarsReadSameValues(ParquetCompression codec, int rowCount, int speakers, int rowGroupRows)
    {
        var rows = TestTable.Rows(rowCount, speakers);
        var path = _temp.Combine("rows.parquet");

        TestTable.Write(path, rows, new ParquetWriterOptions { Compression = codec, RowGroupRows = rowGroupRows });

        RowAssert.Equal(rows, InteropReaders.DuckDb(path));
        RowAssert.Equal(rows, InteropReaders.Polars(path));
        if (rowCount > rowGroupRows)
        {
            var groups = InteropReaders.DuckDb(path, $"SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('{path}')");
            Assert.Equal((rowCount + rowGroupRows - 1) / rowGroupRows, (long)InteropResult.Int64(groups.Rows[0], "n")!);
        }
    }

    public void Dispose() => _temp.Dispose();
}
