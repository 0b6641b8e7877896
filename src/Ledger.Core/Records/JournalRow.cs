using System.Runtime.CompilerServices;

namespace Ledger.Core.Records;

/// <summary>
/// One journal line read by <see cref="JournalRowReader"/>: numbers and times as values, every string as UTF-8 in a
/// <see cref="JournalRowBuffer"/> (unescaped, valid), so a writer that stores UTF-8 (Parquet) never makes a string.
/// </summary>
/// <remarks>
/// Holds the same information as the <see cref="LedgerRecord"/> that <see cref="LedgerRecordParser"/> builds from it,
/// defaults included: ChainType "other", AceTier "E" and ContentHash "" when absent or null.
/// </remarks>
internal struct JournalRow
{
    public long Sequence;
    public DateTime Timestamp;
    public DateTime ReceivedAt;
    public int ConversationType;
    public bool Consolidated;
    public int OriginalMessageCount;

    /// <summary>Indexed by <see cref="JournalStringField"/>.</summary>
    public JournalRowStrings Strings;

    /// <summary>The shl_tags elements: a range of <see cref="JournalRowBuffer.Elements"/>.</summary>
    public Range ShlTags;

    /// <summary>The keywords elements: a range of <see cref="JournalRowBuffer.Elements"/>.</summary>
    public Range Keywords;

    public readonly Utf8Slice this[JournalStringField field] => Strings[(int)field];
}

/// <summary>The string slots of a <see cref="JournalRow"/>, inline (a row is a value, not an object per line).</summary>
[InlineArray(Count)]
internal struct JournalRowStrings
{
    public const int Count = (int)JournalStringField.ClientJson + 1;

    private Utf8Slice _first;
}
