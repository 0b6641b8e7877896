using System.IO.Compression;
using Ledger.Parquet.Encodings;

namespace Ledger.Parquet.File;

/// <summary>Compresses one page body with the chunk's codec (Compression.md).</summary>
internal sealed class PageCompressor
{
    private readonly ParquetCompression _compression;
    private readonly MemoryStream _gzipBuffer = new();
    private readonly SnappyBlockEncoder _snappy = new();
    private byte[] _snappyBuffer = [];

    public PageCompressor(ParquetCompression compression)
    {
        _compression = compression;
    }

    /// <summary>The compressed body; the input itself for UNCOMPRESSED.</summary>
    public ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> body)
    {
        switch (_compression)
        {
            case ParquetCompression.Uncompressed:
                return body;
            case ParquetCompression.Snappy:
                // The raw block format (not Snappy's framing format, which readers reject), into a buffer kept for the
                // next page: the caller writes the page out before it compresses another.
                var needed = SnappyBlockEncoder.MaxEncodedLength(body.Length);
                if (_snappyBuffer.Length < needed)
                {
                    _snappyBuffer = new byte[Math.Max(needed, _snappyBuffer.Length * 2)];
                }
                return _snappyBuffer.AsMemory(0, _snappy.Encode(body.Span, _snappyBuffer));
            case ParquetCompression.Gzip:
                _gzipBuffer.SetLength(0);
                using (var gzip = new GZipStream(_gzipBuffer, CompressionLevel.Optimal, leaveOpen: true))
                {
                    gzip.Write(body.Span);
                }
                // The trailer is written on dispose, so read the buffer only after it.
                return _gzipBuffer.GetBuffer().AsMemory(0, (int)_gzipBuffer.Length);
            default:
                throw new InvalidOperationException($"Unsupported compression {_compression}.");
        }
    }
}
