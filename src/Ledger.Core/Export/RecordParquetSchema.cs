using Ledger.Parquet.Schema;

namespace Ledger.Core.Export;

/// <summary>The Parquet schema of Ledger records (docs/FORMATS.md "Parquet"): snake_case columns in a fixed order.</summary>
/// <remarks>
/// Nullability follows <see cref="Records.LedgerRecord"/>. Dictionary encoding is turned off for columns that are
/// unique or free text (ids, message, hashes, client metadata), where a dictionary never pays off.
/// </remarks>
public static class RecordParquetSchema
{
    public const int Id = 0;
    public const int Sequence = 1;
    public const int Timestamp = 2;
    public const int ReceivedAt = 3;
    public const int SpeakerName = 4;
    public const int SpeakerRole = 5;
    public const int Receiver = 6;
    public const int MessageType = 7;
    public const int Message = 8;
    public const int ConversationType = 9;
    public const int ContextId = 10;
    public const int CorrelationId = 11;
    public const int CausationId = 12;
    public const int Source = 13;
    public const int Topic = 14;
    public const int ChainType = 15;
    public const int AceTier = 16;
    public const int ShlTags = 17;
    public const int Keywords = 18;
    public const int ContentHash = 19;
    public const int Consolidated = 20;
    public const int OriginalMessageCount = 21;
    public const int MetadataJson = 22;

    /// <summary>The schema; column positions are the constants of this class.</summary>
    public static ParquetSchema Schema { get; } = new(
        new ParquetField("id", ParquetType.String, false) { DictionaryEncoding = false },
        new ParquetField("sequence", ParquetType.Int64, false),
        new ParquetField("timestamp", ParquetType.TimestampMicros, false),
        new ParquetField("received_at", ParquetType.TimestampMicros, false),
        new ParquetField("speaker_name", ParquetType.String, false),
        new ParquetField("speaker_role", ParquetType.String, true),
        new ParquetField("receiver", ParquetType.String, true),
        new ParquetField("message_type", ParquetType.String, true),
        new ParquetField("message", ParquetType.String, false) { DictionaryEncoding = false },
        new ParquetField("conversation_type", ParquetType.Int32, false),
        new ParquetField("context_id", ParquetType.String, true),
        new ParquetField("correlation_id", ParquetType.String, true) { DictionaryEncoding = false },
        new ParquetField("causation_id", ParquetType.String, true) { DictionaryEncoding = false },
        new ParquetField("source", ParquetType.String, false),
        new ParquetField("topic", ParquetType.String, true),
        new ParquetField("chain_type", ParquetType.String, false),
        new ParquetField("ace_tier", ParquetType.String, false),
        new ParquetField("shl_tags", ParquetType.StringList, false),
        new ParquetField("keywords", ParquetType.StringList, false),
        new ParquetField("content_hash", ParquetType.String, false) { DictionaryEncoding = false },
        new ParquetField("consolidated", ParquetType.Boolean, false),
        new ParquetField("original_message_count", ParquetType.Int32, false),
        new ParquetField("metadata_json", ParquetType.String, true) { DictionaryEncoding = false });
}
