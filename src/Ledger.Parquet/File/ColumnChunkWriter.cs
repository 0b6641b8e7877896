using Ledger.Parquet.Columns;
using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;
using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.File;

/// <summary>Writes one buffered column as a column chunk: [dictionary page] then v1 data pages.</summary>
/// <remarks>
/// v1 page body = [rep levels][def levels][values]; each level block has a u32 length prefix and is omitted entirely
/// when its max level is 0 (parquet-writing.md §3). Dictionary-encoded values are one bit-width byte followed by the
/// hybrid-encoded ids, without a length prefix.
/// </remarks>
internal sealed class ColumnChunkWriter
{
    private readonly PositionedOutput _output;
    private readonly PageCompressor _compressor;
    private readonly ParquetCompression _compression;
    private readonly ByteBuffer _body = new(64 * 1024);
    private readonly ByteBuffer _header = new(64);

    public ColumnChunkWriter(PositionedOutput output, ParquetCompression compression)
    {
        _output = output;
        _compression = compression;
        _compressor = new PageCompressor(compression);
    }

    public ChunkMetadata Write(ColumnBuffer column)
    {
        column.Seal();
        var strings = column as StringColumnBuffer;
        var useDictionary = strings?.UseDictionary == true;
        long uncompressed = 0;
        long compressed = 0;
        long? dictionaryOffset = null;
        if (useDictionary)
        {
            dictionaryOffset = _output.Position;
            _body.Clear();
            strings!.WriteDictionary(_body);
            WritePage(isDictionary: true, strings.DictionarySize, ParquetEncoding.Plain, ref uncompressed, ref compressed);
        }

        var dataPageOffset = _output.Position;
        var dataEncoding = useDictionary ? ParquetEncoding.RleDictionary : ParquetEncoding.Plain;
        foreach (var page in column.Pages)
        {
            _body.Clear();
            WriteLevels(column.RepetitionLevels, column.MaxRepetitionLevel, page);
            WriteLevels(column.DefinitionLevels, column.MaxDefinitionLevel, page);
            if (useDictionary)
            {
                var bitWidth = RleBitPackedHybridEncoder.BitWidth(strings!.DictionarySize - 1);
                _body.WriteByte((byte)bitWidth);
                RleBitPackedHybridEncoder.Encode(strings.DictionaryIds.Slice(page.ValueStart, page.ValueCount), bitWidth, _body);
            }
            else
            {
                column.WritePlainValues(page.ValueStart, page.ValueCount, _body);
            }
            WritePage(isDictionary: false, page.LevelCount, dataEncoding, ref uncompressed, ref compressed);
        }

        List<ParquetEncoding> encodings = useDictionary ? [ParquetEncoding.Plain, ParquetEncoding.RleDictionary] : [ParquetEncoding.Plain];
        if (column.MaxDefinitionLevel > 0 || column.MaxRepetitionLevel > 0)
        {
            encodings.Add(ParquetEncoding.Rle);
        }
        return new ChunkMetadata(
            column.PhysicalType,
            encodings,
            SchemaSerializer.LeafPath(column.Field),
            (int)_compression,
            column.LevelCount,
            uncompressed,
            compressed,
            dataPageOffset,
            dictionaryOffset,
            column.NullCount,
            column.GetStatistics(),
            column.Pages.Count,
            dataEncoding);
    }

    private void WriteLevels(ValueList<byte> levels, int maxLevel, PageRange page)
    {
        if (maxLevel == 0)
        {
            return;
        }
        var prefixPosition = _body.Length;
        _body.WriteInt32LittleEndian(0);
        RleBitPackedHybridEncoder.Encode(levels.Span.Slice(page.LevelStart, page.LevelCount), RleBitPackedHybridEncoder.BitWidth(maxLevel), _body);
        _body.PatchInt32LittleEndian(prefixPosition, _body.Length - prefixPosition - 4);
    }

    private void WritePage(bool isDictionary, int numValues, ParquetEncoding encoding, ref long uncompressed, ref long compressed)
    {
        var body = _compressor.Compress(_body.Memory);
        _header.Clear();
        var thrift = new ThriftCompactWriter(_header);
        if (isDictionary)
        {
            PageHeaderSerializer.WriteDictionaryPageHeader(thrift, _body.Length, body.Length, numValues);
        }
        else
        {
            PageHeaderSerializer.WriteDataPageHeader(thrift, _body.Length, body.Length, numValues, encoding);
        }
        _output.Write(_header.Span);
        _output.Write(body.Span);
        // Both totals include the header bytes: DuckDB prefetches exactly total_compressed_size.
        uncompressed += _header.Length + _body.Length;
        compressed += _header.Length + body.Length;
    }
}
