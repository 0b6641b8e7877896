using Ledger.Core.Records;
using Ledger.Parquet.File;

namespace Ledger.Core.Export;

/// <summary>Writes <see cref="LedgerRecord"/>s as rows of <see cref="RecordParquetSchema"/>.</summary>
/// <remarks>
/// Memory is bounded by one row group (<see cref="ParquetWriterOptions.RowGroupRows"/>). The file is complete only
/// after <see cref="Complete"/> or <see cref="Dispose"/>; the stream is not closed by this writer.
/// </remarks>
public sealed class RecordParquetWriter : IDisposable
{
    private readonly ParquetFileWriter _writer;

    /// <summary>Starts a Parquet file on <paramref name="output"/>, which must be at the start of the file.</summary>
    public RecordParquetWriter(Stream output, ParquetWriterOptions? options = null)
    {
        _writer = new ParquetFileWriter(output, RecordParquetSchema.Schema, options);
    }

    /// <summary>Records written so far.</summary>
    public long Count => _writer.RowCount;

    /// <summary>Writes a whole file of records to <paramref name="path"/> (created or overwritten) and flushes it to disk.</summary>
    /// <returns>The number of records written.</returns>
    public static long WriteFile(string path, IEnumerable<LedgerRecord> records, ParquetWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(records);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new RecordParquetWriter(stream, options);
        foreach (var record in records)
        {
            writer.Write(record);
        }
        writer.Complete();
        stream.Flush(flushToDisk: true);
        return writer.Count;
    }

    /// <summary>Buffers one record; a full row group is written to the stream.</summary>
    public void Write(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var w = _writer;
        var metadata = record.Metadata;
        w.BeginRow();
        w.SetString(RecordParquetSchema.Id, record.Id);
        w.SetInt64(RecordParquetSchema.Sequence, record.Sequence);
        w.SetTimestamp(RecordParquetSchema.Timestamp, record.Timestamp);
        w.SetTimestamp(RecordParquetSchema.ReceivedAt, record.ReceivedAt);
        w.SetString(RecordParquetSchema.SpeakerName, record.SpeakerName);
        w.SetString(RecordParquetSchema.SpeakerRole, record.SpeakerRole);
        w.SetString(RecordParquetSchema.Receiver, record.Receiver);
        w.SetString(RecordParquetSchema.MessageType, record.MessageType);
        w.SetString(RecordParquetSchema.Message, record.Message);
        w.SetInt32(RecordParquetSchema.ConversationType, record.ConversationType);
        w.SetString(RecordParquetSchema.ContextId, record.ContextId);
        w.SetString(RecordParquetSchema.CorrelationId, record.CorrelationId);
        w.SetString(RecordParquetSchema.CausationId, record.CausationId);
        w.SetString(RecordParquetSchema.Source, record.Source);
        w.SetString(RecordParquetSchema.Topic, record.Topic);
        w.SetString(RecordParquetSchema.ChainType, metadata.ChainType);
        w.SetString(RecordParquetSchema.AceTier, metadata.AceTier);
        w.SetStringList(RecordParquetSchema.ShlTags, metadata.ShlTags);
        w.SetStringList(RecordParquetSchema.Keywords, metadata.Keywords);
        w.SetString(RecordParquetSchema.ContentHash, metadata.ContentHash);
        w.SetBoolean(RecordParquetSchema.Consolidated, metadata.Consolidated);
        w.SetInt32(RecordParquetSchema.OriginalMessageCount, metadata.OriginalMessageCount);
        // "{}" carries no client keys: store null so "metadata_json IS NULL" means "the client sent none".
        w.SetString(RecordParquetSchema.MetadataJson, metadata.ClientJson is { Length: > 2 } json ? json : null);
        w.EndRow();
    }

    /// <summary>Buffers one journal row: its strings go in as the UTF-8 they already are, never as strings.</summary>
    /// <remarks>Writes exactly what <see cref="Write(LedgerRecord)"/> writes for the record the row describes.</remarks>
    internal void Write(in JournalRow row, JournalRowBuffer buffer)
    {
        var w = _writer;
        var bytes = buffer.Bytes.WrittenSpan;
        w.BeginRow();
        SetUtf8(RecordParquetSchema.Id, row[JournalStringField.Id], bytes);
        w.SetInt64(RecordParquetSchema.Sequence, row.Sequence);
        w.SetTimestamp(RecordParquetSchema.Timestamp, row.Timestamp);
        w.SetTimestamp(RecordParquetSchema.ReceivedAt, row.ReceivedAt);
        SetUtf8(RecordParquetSchema.SpeakerName, row[JournalStringField.SpeakerName], bytes);
        SetUtf8(RecordParquetSchema.SpeakerRole, row[JournalStringField.SpeakerRole], bytes);
        SetUtf8(RecordParquetSchema.Receiver, row[JournalStringField.Receiver], bytes);
        SetUtf8(RecordParquetSchema.MessageType, row[JournalStringField.MessageType], bytes);
        SetUtf8(RecordParquetSchema.Message, row[JournalStringField.Message], bytes);
        w.SetInt32(RecordParquetSchema.ConversationType, row.ConversationType);
        SetUtf8(RecordParquetSchema.ContextId, row[JournalStringField.ContextId], bytes);
        SetUtf8(RecordParquetSchema.CorrelationId, row[JournalStringField.CorrelationId], bytes);
        SetUtf8(RecordParquetSchema.CausationId, row[JournalStringField.CausationId], bytes);
        SetUtf8(RecordParquetSchema.Source, row[JournalStringField.Source], bytes);
        SetUtf8(RecordParquetSchema.Topic, row[JournalStringField.Topic], bytes);
        SetUtf8(RecordParquetSchema.ChainType, row[JournalStringField.ChainType], bytes);
        SetUtf8(RecordParquetSchema.AceTier, row[JournalStringField.AceTier], bytes);
        w.SetStringListUtf8(RecordParquetSchema.ShlTags, bytes, buffer.Elements[row.ShlTags]);
        w.SetStringListUtf8(RecordParquetSchema.Keywords, bytes, buffer.Elements[row.Keywords]);
        SetUtf8(RecordParquetSchema.ContentHash, row[JournalStringField.ContentHash], bytes);
        w.SetBoolean(RecordParquetSchema.Consolidated, row.Consolidated);
        w.SetInt32(RecordParquetSchema.OriginalMessageCount, row.OriginalMessageCount);
        // As for records: "{}" carries no client keys, so it is stored as null.
        var clientJson = row[JournalStringField.ClientJson];
        SetUtf8(RecordParquetSchema.MetadataJson, clientJson.Length > 2 ? clientJson : Utf8Slice.Null, bytes);
        w.EndRow();
    }

    private void SetUtf8(int column, Utf8Slice value, ReadOnlySpan<byte> bytes)
    {
        if (value.IsNull)
        {
            _writer.SetNull(column);
        }
        else
        {
            _writer.SetStringUtf8(column, bytes.Slice(value.Start, value.Length));
        }
    }

    /// <summary>Writes the buffered rows and the footer.</summary>
    public void Complete() => _writer.Complete();

    /// <summary>Stops without completing the file (see <see cref="ParquetFileWriter.Abandon"/>); the caller deletes it.</summary>
    public void Abandon() => _writer.Abandon();

    /// <summary>Completes the file (see <see cref="ParquetFileWriter.Dispose"/>).</summary>
    public void Dispose() => _writer.Dispose();
}
