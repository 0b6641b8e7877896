using Ledger.Parquet.Schema;
using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.Format;

/// <summary>Serializes the footer: parquet.thrift <c>FileMetaData</c> and everything below it.</summary>
internal static class FileMetadataSerializer
{
    public static void Write(ThriftCompactWriter writer, ParquetSchema schema, IReadOnlyList<RowGroupMetadata> rowGroups, string createdBy)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, 1);
        writer.BeginListField(2, CompactType.Struct, SchemaSerializer.ElementCount(schema));
        SchemaSerializer.WriteElements(writer, schema);
        writer.WriteI64Field(3, rowGroups.Sum(g => g.NumRows));
        writer.BeginListField(4, CompactType.Struct, rowGroups.Count);
        for (var i = 0; i < rowGroups.Count; i++)
        {
            WriteRowGroup(writer, rowGroups[i], (short)i);
        }
        writer.WriteStringField(6, createdBy);
        // One TYPE_ORDER per leaf: min/max are only trusted by readers when column_orders is present.
        writer.BeginListField(7, CompactType.Struct, schema.Fields.Count);
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            writer.BeginStruct();
            writer.BeginStructField(1);
            writer.EndStruct();
            writer.EndStruct();
        }
        writer.EndStruct();
    }

    private static void WriteRowGroup(ThriftCompactWriter writer, RowGroupMetadata rowGroup, short ordinal)
    {
        writer.BeginStruct();
        writer.BeginListField(1, CompactType.Struct, rowGroup.Columns.Count);
        foreach (var chunk in rowGroup.Columns)
        {
            writer.BeginStruct();
            // ColumnChunk.file_offset is required by the IDL; 0 is the accepted "no separate metadata" value.
            writer.WriteI64Field(2, 0);
            writer.BeginStructField(3);
            WriteColumnMetadata(writer, chunk);
            writer.EndStruct();
            writer.EndStruct();
        }
        writer.WriteI64Field(2, rowGroup.Columns.Sum(c => c.TotalUncompressedSize));
        writer.WriteI64Field(3, rowGroup.NumRows);
        writer.WriteI64Field(5, rowGroup.FileOffset);
        writer.WriteI64Field(6, rowGroup.Columns.Sum(c => c.TotalCompressedSize));
        writer.WriteI16Field(7, ordinal);
        writer.EndStruct();
    }

    private static void WriteColumnMetadata(ThriftCompactWriter writer, ChunkMetadata chunk)
    {
        writer.WriteI32Field(1, (int)chunk.Type);
        writer.BeginListField(2, CompactType.I32, chunk.Encodings.Count);
        foreach (var encoding in chunk.Encodings)
        {
            writer.WriteI32Element((int)encoding);
        }
        writer.BeginListField(3, CompactType.Binary, chunk.Path.Count);
        foreach (var part in chunk.Path)
        {
            writer.WriteStringElement(part);
        }
        writer.WriteI32Field(4, chunk.Codec);
        writer.WriteI64Field(5, chunk.NumValues);
        writer.WriteI64Field(6, chunk.TotalUncompressedSize);
        writer.WriteI64Field(7, chunk.TotalCompressedSize);
        writer.WriteI64Field(9, chunk.DataPageOffset);
        if (chunk.DictionaryPageOffset is { } dictionaryOffset)
        {
            // Only when a dictionary page exists, never 0 (ARROW-5322, PARQUET-1402).
            writer.WriteI64Field(11, dictionaryOffset);
        }
        WriteStatistics(writer, chunk);
        WriteEncodingStats(writer, chunk);
    }

    private static void WriteStatistics(ThriftCompactWriter writer, ChunkMetadata chunk)
    {
        // Fields 1 and 2 (deprecated signed min/max) are never written; null_count is always exact.
        writer.BeginStructField(12);
        writer.WriteI64Field(3, chunk.NullCount);
        var stats = chunk.Statistics;
        if (stats.Min is not null && stats.Max is not null)
        {
            writer.WriteBinaryField(5, stats.Max);
            writer.WriteBinaryField(6, stats.Min);
            writer.WriteBoolField(7, stats.IsMaxExact);
            writer.WriteBoolField(8, stats.IsMinExact);
        }
        writer.EndStruct();
    }

    private static void WriteEncodingStats(ThriftCompactWriter writer, ChunkMetadata chunk)
    {
        var hasDictionary = chunk.DictionaryPageOffset is not null;
        writer.BeginListField(13, CompactType.Struct, hasDictionary ? 2 : 1);
        if (hasDictionary)
        {
            WritePageEncodingStats(writer, PageType.DictionaryPage, ParquetEncoding.Plain, 1);
        }
        WritePageEncodingStats(writer, PageType.DataPage, chunk.DataEncoding, chunk.DataPageCount);
    }

    private static void WritePageEncodingStats(ThriftCompactWriter writer, PageType pageType, ParquetEncoding encoding, int count)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, (int)pageType);
        writer.WriteI32Field(2, (int)encoding);
        writer.WriteI32Field(3, count);
        writer.EndStruct();
    }
}
