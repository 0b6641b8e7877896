using Ledger.Parquet.File;
using Ledger.Parquet.Reading;
using Ledger.Parquet.Schema;
using Ledger.Parquet.Tests.Support;

namespace Ledger.Parquet.Tests.Reading;

/// <summary>The footer reader against files written by our own <see cref="ParquetFileWriter"/>.</summary>
public sealed class ParquetFooterReaderTests
{
    private static readonly ParquetSchema Schema = new(
        new ParquetField("id", ParquetType.String, false),
        new ParquetField("n", ParquetType.Int64, true),
        new ParquetField("flag", ParquetType.Boolean, true),
        new ParquetField("tags", ParquetType.StringList, true));

    [Theory]
    [InlineData(0, 100_000, ParquetCompression.Snappy)]
    [InlineData(1, 100_000, ParquetCompression.Snappy)]
    [InlineData(300, 100_000, ParquetCompression.Gzip)]
    [InlineData(1_000, 16, ParquetCompression.Uncompressed)] // 63 row groups: list sizes past the short form
    public void ReadRowCount_FileFromOurWriter_ReturnsRowsWritten(int rows, int rowGroupRows, ParquetCompression compression)
    {
        var bytes = Write(rows, new ParquetWriterOptions { RowGroupRows = rowGroupRows, Compression = compression });

        Assert.Equal(rows, ParquetFooterReader.ReadRowCount(new MemoryStream(bytes)));
    }

    [Fact]
    public void ReadRowCount_Path_ReadsTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("rows.parquet");
        System.IO.File.WriteAllBytes(path, Write(42, ParquetWriterOptions.Default));

        Assert.Equal(42, ParquetFooterReader.ReadRowCount(path));
    }

    [Fact]
    public void ReadRowCount_TruncatedFile_ThrowsInvalidData()
    {
        var bytes = Write(10, ParquetWriterOptions.Default);

        Assert.Throws<InvalidDataException>(() => ParquetFooterReader.ReadRowCount(new MemoryStream(bytes[..^3])));
    }

    [Fact]
    public void ReadRowCount_FooterCutShort_ThrowsInvalidData()
    {
        var bytes = Write(10, ParquetWriterOptions.Default);
        // Claim a 5-byte footer: the reader then starts mid-struct and must fail, not loop or return garbage.
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8, 4), 5u);

        Assert.Throws<InvalidDataException>(() => ParquetFooterReader.ReadRowCount(new MemoryStream(bytes)));
    }

    [Fact]
    public void ReadRowCount_NotParquet_ThrowsInvalidData()
    {
        var bytes = "{\"FormatVersion\":1,\"Messages\":[]}"u8.ToArray();

        Assert.Throws<InvalidDataException>(() => ParquetFooterReader.ReadRowCount(new MemoryStream(bytes)));
    }

    private static byte[] Write(int rows, ParquetWriterOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, Schema, options))
        {
            for (var i = 0; i < rows; i++)
            {
                writer.BeginRow();
                writer.SetString(0, $"row-{i}");
                if (i % 3 != 0)
                {
                    writer.SetInt64(1, i * 1_000_003L);
                }
                writer.SetBoolean(2, i % 2 == 0);
                writer.SetStringList(3, i % 5 == 0 ? null : ["a", $"t{i % 7}"]);
                writer.EndRow();
            }
        }
        return stream.ToArray();
    }
}
