using Ledger.Parquet.File;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Tests.File;

/// <summary>API contract of the row builder and file framing, without an external reader.</summary>
public sealed class ParquetFileWriterTests
{
    private static readonly ParquetSchema Schema = new(
        new ParquetField("id", ParquetType.String, false),
        new ParquetField("note", ParquetType.String, true));

    [Fact]
    public void EndRow_RequiredColumnUnset_ThrowsAndRowCanBeCompleted()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, Schema);
        writer.BeginRow();
        writer.SetString(1, "x");

        Assert.Throws<InvalidOperationException>(writer.EndRow);
        writer.SetString(0, "a");
        writer.EndRow();
        Assert.Equal(1, writer.RowCount);
    }

    [Fact]
    public void SetStringUtf8_SameValuesAsSetString_ByteIdenticalFile()
    {
        // "note" is dictionary-encoded by default, "id" too: both the dictionary and the plain path see bytes.
        string[] values = ["plain", "naïve ✓", "emoji 😀 text", "", "plain", "日本語のテキスト", "plain"];

        var fromStrings = Write(values, (writer, value) => writer.SetString(1, value));
        var fromBytes = Write(values, (writer, value) => writer.SetStringUtf8(1, System.Text.Encoding.UTF8.GetBytes(value)));

        Assert.Equal(fromStrings, fromBytes);
    }

    [Fact]
    public void SetStringUtf8_InvalidUtf8_ThrowsNamingTheColumn()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, Schema);
        writer.BeginRow();

        var error = Assert.Throws<ArgumentException>(() => writer.SetStringUtf8(1, [0x61, 0xC3, 0x28]));

        Assert.Contains("'note'", error.Message, StringComparison.Ordinal);
        writer.SetStringUtf8(1, "ok"u8);
        writer.SetString(0, "a");
        writer.EndRow();
    }

    private static byte[] Write(string[] values, Action<ParquetFileWriter, string> setNote)
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, Schema))
        {
            for (var i = 0; i < values.Length; i++)
            {
                writer.BeginRow();
                writer.SetString(0, $"id-{i}");
                setNote(writer, values[i]);
                writer.EndRow();
            }
        }
        return stream.ToArray();
    }

    [Fact]
    public void SetNull_RequiredColumn_Throws()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, Schema);
        writer.BeginRow();

        Assert.Throws<ArgumentException>(() => writer.SetString(0, null));
    }

    [Fact]
    public void SetValue_TwiceOrWrongType_Throws()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, Schema);
        writer.BeginRow();
        writer.SetString(0, "a");

        Assert.Throws<InvalidOperationException>(() => writer.SetString(0, "b"));
        Assert.Throws<ArgumentException>(() => writer.SetInt64(1, 5));
    }

    [Fact]
    public void Complete_Always_FramesFileWithMagicAndFooterLength()
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, Schema))
        {
            writer.BeginRow();
            writer.SetString(0, "a");
            writer.EndRow();
        }
        var bytes = stream.ToArray();

        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        Assert.InRange(footerLength, 20, bytes.Length - 12);
    }

    [Fact]
    public void Dispose_RowStillOpen_WritesNoFooter()
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, Schema))
        {
            writer.BeginRow();
            writer.SetString(0, "a");
        }

        Assert.Equal("PAR1"u8.ToArray(), stream.ToArray());
    }

    [Fact]
    public void EndRow_OutputFailsDuringRowGroup_WriterRefusesToCompleteTheFile()
    {
        using var stream = new FailingStream(failAfterBytes: 10);
        var writer = new ParquetFileWriter(stream, Schema, new ParquetWriterOptions { RowGroupRows = 1 });
        writer.BeginRow();
        writer.SetString(0, "a");

        Assert.Throws<IOException>(writer.EndRow);
        writer.Dispose();
        Assert.Throws<InvalidOperationException>(writer.BeginRow);
        Assert.Equal(4, stream.Written);
    }

    [Fact]
    public void EndRow_RowGroupBytesReached_WritesTheRowGroupBeforeRowGroupRows()
    {
        using var stream = new MemoryStream();
        // ~1,013 bytes a row as estimated (a 1,000-byte note and its length prefix, a short id and its prefix): the
        // tenth row reaches 10,000 bytes, long before 1,000 rows.
        var note = new string('x', 1000);
        using (var writer = new ParquetFileWriter(stream, Schema, new ParquetWriterOptions { RowGroupRows = 1000, RowGroupBytes = 10_000 }))
        {
            for (var i = 0; i < 25; i++)
            {
                writer.BeginRow();
                writer.SetString(0, $"id-{i}");
                writer.SetString(1, note);
                writer.EndRow();
                Assert.Equal(i < 9 ? 0 : i < 19 ? 1 : 2, writer.RowGroupCount);
            }
            writer.Complete();
            Assert.Equal(3, writer.RowGroupCount);
        }

        Assert.Equal(25, Ledger.Parquet.Reading.ParquetFooterReader.ReadRowCount(new MemoryStream(stream.ToArray())));
    }

    [Fact]
    public void Constructor_RowGroupBytesBelowOne_Throws()
    {
        using var stream = new MemoryStream();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetFileWriter(stream, Schema, new ParquetWriterOptions { RowGroupBytes = 0 }));

        Assert.Equal("RowGroupBytes", error.ParamName);
    }

    [Fact]
    public void CreatedBy_Always_NamesLedgerAndVersion() =>
        Assert.Matches(@"^Ledger version \d+\.\d+\.\d+", ParquetFileWriter.CreatedBy);

    private sealed class FailingStream(int failAfterBytes) : MemoryStream
    {
        public int Written { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Written + buffer.Length > failAfterBytes)
            {
                throw new IOException("disk full");
            }
            Written += buffer.Length;
            base.Write(buffer);
        }
    }
}
