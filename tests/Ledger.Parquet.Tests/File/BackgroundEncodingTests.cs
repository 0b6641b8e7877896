using Ledger.Core.Export;
using Ledger.Parquet.File;
using Ledger.Parquet.Tests.Support;

namespace Ledger.Parquet.Tests.File;

/// <summary><see cref="ParquetWriterOptions.EncodeInBackground"/> must change only timing, never the file.</summary>
public sealed class BackgroundEncodingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public void WriteFile_EncodeInBackground_SameBytesAsSequential(ParquetCompression codec)
    {
        var records = SomeRecords.Many(2_345).ToList();
        var sequential = _temp.Combine("sequential.parquet");
        var background = _temp.Combine("background.parquet");

        RecordParquetWriter.WriteFile(sequential, records, new ParquetWriterOptions { Compression = codec, RowGroupRows = 300 });
        RecordParquetWriter.WriteFile(background, records, new ParquetWriterOptions { Compression = codec, RowGroupRows = 300, EncodeInBackground = true });

        Assert.Equal(System.IO.File.ReadAllBytes(sequential), System.IO.File.ReadAllBytes(background));
    }

    [Fact]
    public void WriteFile_EncodeInBackground_DuckDbReadsEveryRowInOrder()
    {
        var records = SomeRecords.Many(2_345).ToList();
        var path = _temp.Combine("background.parquet");

        RecordParquetWriter.WriteFile(path, records, new ParquetWriterOptions { RowGroupRows = 300, EncodeInBackground = true });

        var rows = InteropReaders.DuckDb(path, "SELECT id, sequence FROM t");
        Assert.Equal(records.Select(r => r.Id), rows.Rows.Select(r => InteropResult.String(r, "id")));
        Assert.Equal(records.Select(r => r.Sequence), rows.Rows.Select(r => InteropResult.Int64(r, "sequence")!.Value));
    }

    [Fact]
    public void Abandon_RowGroupStillEncoding_NoFooterAndStreamFreeToClose()
    {
        var path = _temp.Combine("abandoned.parquet");
        using (var stream = new FileStream(path, FileMode.Create))
        {
            var writer = new RecordParquetWriter(stream, new ParquetWriterOptions { RowGroupRows = 100, EncodeInBackground = true });
            foreach (var record in SomeRecords.Many(250))
            {
                writer.Write(record);
            }

            writer.Abandon();
            writer.Dispose();
        }

        var bytes = System.IO.File.ReadAllBytes(path);
        Assert.True(bytes.Length > 4);
        Assert.NotEqual("PAR1"u8.ToArray(), bytes[^4..]);
    }

    [Fact]
    public void Write_OutputFailsInBackground_NextWriteOrCompleteThrows()
    {
        var stream = new FailingStream();
        var writer = new RecordParquetWriter(stream, new ParquetWriterOptions { RowGroupRows = 10, EncodeInBackground = true });
        var records = SomeRecords.Many(25).ToList();

        var error = Record.Exception(() =>
        {
            foreach (var record in records)
            {
                writer.Write(record);
            }
            writer.Complete();
        });

        Assert.IsType<IOException>(error);
        Assert.Throws<InvalidOperationException>(() => writer.Write(records[0]));
    }

    /// <summary>Accepts the leading magic bytes, then fails like a full disk.</summary>
    private sealed class FailingStream : MemoryStream
    {
        private int _written;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > 4)
            {
                throw new IOException("No space left on device");
            }
            _written += buffer.Length;
            base.Write(buffer);
        }
    }
}
