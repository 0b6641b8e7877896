using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;
using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.Tests.Thrift;

/// <summary>Footer structures compared with bytes from a file that DuckDB, arrow-rs and polars accepted.</summary>
public sealed class ParquetMetadataBytesTests
{
    [Fact]
    public void SchemaElements_TimestampStringAndList_MatchValidatedBytes()
    {
        var buffer = new ByteBuffer();
        var schema = new ParquetSchema(
            new ParquetField("ts", ParquetType.TimestampMicros, false),
            new ParquetField("id", ParquetType.String, false),
            new ParquetField("keywords", ParquetType.StringList, true) { NullableElements = true });

        SchemaSerializer.WriteElements(new ThriftCompactWriter(buffer), schema);

        byte[] root = [0x48, 0x06, .. "schema"u8, 0x15, 0x06, 0x00];
        byte[] ts = [0x15, 0x04, 0x25, 0x00, 0x18, 0x02, 0x74, 0x73, 0x25, 0x14, 0x4C, 0x8C, 0x11, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x00];
        byte[] id = [0x15, 0x0C, 0x25, 0x00, 0x18, 0x02, 0x69, 0x64, 0x25, 0x00, 0x4C, 0x1C, 0x00, 0x00, 0x00];
        byte[] list = [0x35, 0x02, 0x18, 0x08, .. "keywords"u8, 0x15, 0x02, 0x15, 0x06, 0x4C, 0x3C, 0x00, 0x00, 0x00];
        byte[] repeated = [0x35, 0x04, 0x18, 0x04, .. "list"u8, 0x15, 0x02, 0x00];
        byte[] element = [0x15, 0x0C, 0x25, 0x02, 0x18, 0x07, .. "element"u8, 0x25, 0x00, 0x4C, 0x1C, 0x00, 0x00, 0x00];
        Assert.Equal([.. root, .. ts, .. id, .. list, .. repeated, .. element], buffer.ToArray());
    }

    [Fact]
    public void DataPageHeader_MatchesValidatedBytes()
    {
        var buffer = new ByteBuffer();

        PageHeaderSerializer.WriteDataPageHeader(new ThriftCompactWriter(buffer), 18, 18, 3, ParquetEncoding.Plain);

        Assert.Equal(
            new byte[] { 0x15, 0x00, 0x15, 0x24, 0x15, 0x24, 0x2C, 0x15, 0x06, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00 },
            buffer.ToArray());
    }
}
