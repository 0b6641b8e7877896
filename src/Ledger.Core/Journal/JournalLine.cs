namespace Ledger.Core.Journal;

/// <summary>One complete line of a journal file: its bytes (valid until the next line is read), number and end offset.</summary>
public readonly record struct JournalLine(ReadOnlyMemory<byte> Bytes, long Number, long EndOffset);
