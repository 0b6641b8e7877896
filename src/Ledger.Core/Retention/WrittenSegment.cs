namespace Ledger.Core.Retention;

/// <summary>A journal segment written by a rotation: its path, the journal offset just past its last line, and its Sequence range.</summary>
public sealed record WrittenSegment(string Path, long JournalOffset, long FirstSequence, long LastSequence);
