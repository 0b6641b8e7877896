using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.Format;

/// <summary>Serializes parquet.thrift <c>PageHeader</c> for v1 data pages and dictionary pages.</summary>
internal static class PageHeaderSerializer
{
    public static void WriteDataPageHeader(ThriftCompactWriter writer, int uncompressedSize, int compressedSize, int numValues, ParquetEncoding encoding)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, (int)PageType.DataPage);
        writer.WriteI32Field(2, uncompressedSize);
        writer.WriteI32Field(3, compressedSize);
        writer.BeginStructField(5);
        writer.WriteI32Field(1, numValues);
        writer.WriteI32Field(2, (int)encoding);
        writer.WriteI32Field(3, (int)ParquetEncoding.Rle);
        writer.WriteI32Field(4, (int)ParquetEncoding.Rle);
        writer.EndStruct();
        writer.EndStruct();
    }

    public static void WriteDictionaryPageHeader(ThriftCompactWriter writer, int uncompressedSize, int compressedSize, int numValues)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, (int)PageType.DictionaryPage);
        writer.WriteI32Field(2, uncompressedSize);
        writer.WriteI32Field(3, compressedSize);
        writer.BeginStructField(7);
        writer.WriteI32Field(1, numValues);
        writer.WriteI32Field(2, (int)ParquetEncoding.Plain);
        writer.WriteBoolField(3, false);
        writer.EndStruct();
        writer.EndStruct();
    }
}
