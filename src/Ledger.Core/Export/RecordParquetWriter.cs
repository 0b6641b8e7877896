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
        Write(record, record.Message, default);
    }

    /// <summary>Buffers one record whose message is given as UTF-8 (its <see cref="LedgerRecord.Message"/> is ignored).</summary>
    /// <exception cref="ArgumentException"><paramref name="messageUtf8"/> is not valid UTF-8.</exception>
    internal void Write(LedgerRecord record, ReadOnlySpan<byte> messageUtf8)
    {
        ArgumentNullException.ThrowIfNull(record);
        Write(record, null, messageUtf8);
    }

    private void Write(LedgerRecord record, string? message, ReadOnlySpan<byte> messageUtf8)
    {
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
        if (message is not null)
        {
            w.SetString(RecordParquetSchema.Message, message);
        }
        else
        {
            w.SetStringUtf8(RecordParquetSchema.Message, messageUtf8);
        }
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

    /// <summary>Writes the buffered rows and the footer.</summary>
    public void Complete() => _writer.Complete();

    /// <summary>Stops without completing the file (see <see cref="ParquetFileWriter.Abandon"/>); the caller deletes it.</summary>
    public void Abandon() => _writer.Abandon();

    /// <summary>Completes the file (see <see cref="ParquetFileWriter.Dispose"/>).</summary>
    public void Dispose() => _writer.Dispose();
}
