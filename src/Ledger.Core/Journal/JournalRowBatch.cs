using Ledger.Core.Records;

namespace Ledger.Core.Journal;

/// <summary>Rows read from consecutive journal lines, in file order, with the buffer their strings live in.</summary>
/// <remarks>Valid only until the enumerator that yielded it moves on: the buffer is then reused for a later batch.</remarks>
internal sealed class JournalRowBatch
{
    private JournalRow[] _rows = new JournalRow[ParallelJournalReader.BatchSize];

    public JournalRowBuffer Buffer { get; } = new(ParallelJournalReader.BatchSize * 1024);

    public int Count { get; private set; }

    /// <summary>The rows read so far.</summary>
    public ReadOnlySpan<JournalRow> Rows => _rows.AsSpan(0, Count);

    /// <summary>The next row to fill; it counts once <see cref="Commit"/> is called.</summary>
    internal ref JournalRow Next()
    {
        if (Count == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }
        return ref _rows[Count];
    }

    internal void Commit() => Count++;

    internal void Clear()
    {
        Count = 0;
        Buffer.Clear();
    }
}
