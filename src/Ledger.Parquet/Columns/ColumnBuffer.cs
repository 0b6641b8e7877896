using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Columns;

/// <summary>Buffers one leaf column of the current row group: levels, values and page boundaries.</summary>
/// <remarks>
/// Levels are stored one byte each (max level is 3). Values are appended when set, so a row group's memory is the
/// values themselves plus about one byte per level; nothing is kept once the row group is written.
/// </remarks>
internal abstract class ColumnBuffer
{
    private readonly List<PageRange> _pages = [];
    private int _pageLevelStart;
    private int _pageValueStart;
    private long _closedPagesBytes;

    protected ColumnBuffer(ParquetField field, int maxDefinitionLevel, int maxRepetitionLevel)
    {
        Field = field;
        MaxDefinitionLevel = maxDefinitionLevel;
        MaxRepetitionLevel = maxRepetitionLevel;
    }

    public ParquetField Field { get; }

    public int MaxDefinitionLevel { get; }

    public int MaxRepetitionLevel { get; }

    public abstract PhysicalType PhysicalType { get; }

    /// <summary>Level entries (rows for flat columns, list slots for lists): the chunk's num_values.</summary>
    public int LevelCount => MaxDefinitionLevel > 0 ? DefinitionLevels.Count : ValueCount;

    /// <summary>Non-null leaf values buffered.</summary>
    public abstract int ValueCount { get; }

    /// <summary>Level entries whose definition level is below the maximum (PARQUET-2067).</summary>
    public long NullCount { get; private set; }

    public ValueList<byte> DefinitionLevels { get; } = new();

    public ValueList<byte> RepetitionLevels { get; } = new();

    public IReadOnlyList<PageRange> Pages => _pages;

    /// <summary>Appends a null at the row level (definition level 0).</summary>
    public void AppendNull()
    {
        AppendLevels(0, 0);
    }

    /// <summary>Marks the end of a row; starts a new page when the current one is big enough.</summary>
    /// <returns>
    /// About how many bytes the row group's pages of this column take so far (their values PLAIN, their levels
    /// packed): what its buffered memory grows with, for <see cref="File.ParquetWriterOptions.RowGroupBytes"/>.
    /// </returns>
    public long EndRow(int pageSizeBytes)
    {
        var levels = LevelCount - _pageLevelStart;
        var estimate = EstimateValueBytes(_pageValueStart, ValueCount - _pageValueStart) + levels / 2;
        if (estimate >= pageSizeBytes)
        {
            ClosePage();
            _closedPagesBytes += estimate;
            return _closedPagesBytes;
        }
        return _closedPagesBytes + estimate;
    }

    /// <summary>Closes the last page; call once before the chunk is written.</summary>
    public void Seal()
    {
        if (LevelCount > _pageLevelStart || _pages.Count == 0)
        {
            ClosePage();
        }
    }

    /// <summary>Appends PLAIN-encoded values [start, start+count) to <paramref name="output"/>.</summary>
    public abstract void WritePlainValues(int start, int count, ByteBuffer output);

    /// <summary>Min/max as PLAIN bytes without length prefix, or nulls when they should be omitted.</summary>
    public abstract ColumnStatistics GetStatistics();

    /// <summary>Drops every buffered value so the buffer can hold the next row group.</summary>
    public virtual void Reset()
    {
        DefinitionLevels.Clear();
        RepetitionLevels.Clear();
        _pages.Clear();
        _pageLevelStart = 0;
        _pageValueStart = 0;
        _closedPagesBytes = 0;
        NullCount = 0;
    }

    protected abstract long EstimateValueBytes(int start, int count);

    protected void AppendLevels(byte definition, byte repetition)
    {
        if (MaxDefinitionLevel > 0)
        {
            DefinitionLevels.Add(definition);
            if (definition < MaxDefinitionLevel)
            {
                NullCount++;
            }
        }
        if (MaxRepetitionLevel > 0)
        {
            RepetitionLevels.Add(repetition);
        }
    }

    private void ClosePage()
    {
        _pages.Add(new PageRange(_pageLevelStart, LevelCount - _pageLevelStart, _pageValueStart, ValueCount - _pageValueStart));
        _pageLevelStart = LevelCount;
        _pageValueStart = ValueCount;
    }
}
