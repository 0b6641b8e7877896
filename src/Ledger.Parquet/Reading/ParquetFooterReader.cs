using System.Buffers.Binary;
using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.Reading;

/// <summary>Reads facts out of a Parquet file's footer without decoding any page.</summary>
/// <remarks>
/// The file ends with <c>&lt;FileMetaData, Thrift compact&gt;&lt;u32 LE footer length&gt;PAR1</c>; FileMetaData field 3 is
/// <c>num_rows</c> (i64). Only the footer is read, so checking a large file costs one seek and a few kilobytes.
/// A file that is not Parquet, truncated or with a malformed footer throws <see cref="InvalidDataException"/>.
/// </remarks>
public static class ParquetFooterReader
{
    private const int TailLength = 8;
    private const short NumRowsFieldId = 3;
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>The total row count (FileMetaData.num_rows) of the Parquet file at <paramref name="path"/>.</summary>
    public static long ReadRowCount(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadRowCount(stream);
    }

    /// <summary>The total row count of a Parquet file held by a seekable stream.</summary>
    public static long ReadRowCount(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The footer is at the end of the file: the stream must be seekable.", nameof(stream));
        }
        var length = stream.Length;
        if (length < Magic.Length + TailLength)
        {
            throw new InvalidDataException($"{length} bytes is too short for a Parquet file");
        }
        Span<byte> tail = stackalloc byte[TailLength];
        stream.Position = length - TailLength;
        stream.ReadExactly(tail);
        if (!tail[4..].SequenceEqual(Magic))
        {
            throw new InvalidDataException("the file does not end with the Parquet magic bytes PAR1");
        }
        var footerLength = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        if (footerLength == 0 || footerLength > length - TailLength - Magic.Length)
        {
            throw new InvalidDataException($"footer length {footerLength} does not fit a {length}-byte file");
        }
        var footer = new byte[footerLength];
        stream.Position = length - TailLength - footerLength;
        stream.ReadExactly(footer);
        return ReadRowCount(footer);
    }

    private static long ReadRowCount(ReadOnlySpan<byte> fileMetaData)
    {
        var reader = new ThriftCompactReader(fileMetaData);
        short fieldId = 0;
        while (reader.TryReadFieldHeader(ref fieldId, out var type))
        {
            if (fieldId == NumRowsFieldId && type == CompactType.I64)
            {
                return reader.ReadZigZag64();
            }
            reader.Skip(type);
        }
        throw new InvalidDataException("the Parquet footer has no num_rows field");
    }
}
