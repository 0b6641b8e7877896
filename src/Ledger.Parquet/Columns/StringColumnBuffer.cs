using System.Runtime.InteropServices;
using System.Text;
using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Columns;

/// <summary>BYTE_ARRAY STRING values of a flat string column or of the elements of a LIST&lt;string&gt;.</summary>
/// <remarks>
/// Values are stored once as UTF-8 (lone surrogates become U+FFFD, the behaviour of <see cref="Encoding.UTF8"/>,
/// because DuckDB rejects invalid UTF-8). A dictionary of distinct values is kept alongside until it grows past
/// 64K entries or 1 MB, after which the chunk falls back to PLAIN; a chunk has at most one dictionary page.
/// </remarks>
internal sealed class StringColumnBuffer : ColumnBuffer
{
    /// <summary>Most distinct values a dictionary may hold before the chunk falls back to PLAIN.</summary>
    public const int MaxDictionaryEntries = 64 * 1024;

    /// <summary>Most distinct UTF-8 bytes a dictionary may hold before the chunk falls back to PLAIN.</summary>
    public const int MaxDictionaryBytes = 1024 * 1024;

    private readonly ByteBuffer _bytes = new(4096);
    private readonly ValueList<int> _offsets = new();
    private readonly ValueList<int> _ids = new();
    private readonly Utf8Dictionary? _dictionary;
    private bool _dictionaryDropped;

    public StringColumnBuffer(ParquetField field)
        : base(field, DefinitionLevelFor(field), field.Type == ParquetType.StringList ? 1 : 0)
    {
        IsList = field.Type == ParquetType.StringList;
        _dictionary = field.DictionaryEncoding ? new Utf8Dictionary() : null;
    }

    public bool IsList { get; }

    public override PhysicalType PhysicalType => PhysicalType.ByteArray;

    public override int ValueCount => _offsets.Count;

    /// <summary>Distinct values when the chunk is to be dictionary-encoded, else 0.</summary>
    public int DictionarySize => UseDictionary ? _dictionary!.Count : 0;

    /// <summary>True when a dictionary exists and is smaller than PLAIN would be.</summary>
    public bool UseDictionary
    {
        get
        {
            if (ActiveDictionary is not { Count: > 0 } dictionary)
            {
                return false;
            }
            var idBits = RleBitPackedHybridEncoder.BitWidth(dictionary.Count - 1);
            var dictionaryEncoded = dictionary.ByteCount + 4L * dictionary.Count + (long)ValueCount * idBits / 8;
            return dictionaryEncoded < _bytes.Length + 4L * ValueCount;
        }
    }

    public ReadOnlySpan<int> DictionaryIds => _ids.Span;

    public void AppendString(string value)
    {
        AppendLevels((byte)MaxDefinitionLevel, 0);
        AppendValue(value);
    }

    /// <summary>Appends a value that is already UTF-8; the caller has checked it is valid.</summary>
    public void AppendUtf8(ReadOnlySpan<byte> value)
    {
        AppendLevels((byte)MaxDefinitionLevel, 0);
        AppendValue(value);
    }

    /// <summary>Appends one row's non-null list whose elements are <paramref name="source"/>[range], already valid UTF-8.</summary>
    public void AppendListUtf8(ReadOnlySpan<byte> source, ReadOnlySpan<Range> elements)
    {
        if (elements.IsEmpty)
        {
            AppendLevels((byte)(Field.Nullable ? 1 : 0), 0);
            return;
        }
        for (var i = 0; i < elements.Length; i++)
        {
            AppendLevels((byte)MaxDefinitionLevel, (byte)(i == 0 ? 0 : 1));
            AppendValue(source[elements[i]]);
        }
    }

    /// <summary>Appends one row's list; null for a null list (nullable lists only).</summary>
    public void AppendList(IReadOnlyList<string?> values)
    {
        var listDefined = (byte)(Field.Nullable ? 1 : 0);
        if (values.Count == 0)
        {
            AppendLevels(listDefined, 0);
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            var repetition = (byte)(i == 0 ? 0 : 1);
            var value = values[i];
            if (value is null)
            {
                AppendLevels((byte)(MaxDefinitionLevel - 1), repetition);
            }
            else
            {
                AppendLevels((byte)MaxDefinitionLevel, repetition);
                AppendValue(value);
            }
        }
    }

    public override void WritePlainValues(int start, int count, ByteBuffer output)
    {
        for (var i = start; i < start + count; i++)
        {
            var value = GetValue(i);
            output.WriteInt32LittleEndian(value.Length);
            output.Write(value);
        }
    }

    /// <summary>Writes the dictionary entries PLAIN, in id order (the dictionary page body).</summary>
    public void WriteDictionary(ByteBuffer output)
    {
        var dictionary = _dictionary!;
        for (var id = 0; id < dictionary.Count; id++)
        {
            var value = dictionary[id];
            output.WriteInt32LittleEndian(value.Length);
            output.Write(value);
        }
    }

    /// <remarks>
    /// Bounds are found here, when the chunk is written (on the encoding thread when encoding runs in the background),
    /// not per appended value: a dictionary chunk compares only its distinct values, and appending compares nothing.
    /// </remarks>
    public override ColumnStatistics GetStatistics()
    {
        if (ValueCount == 0)
        {
            return ColumnStatistics.None;
        }
        ReadOnlySpan<byte> min, max;
        if (ActiveDictionary is { } dictionary)
        {
            min = max = dictionary[0];
            for (var id = 1; id < dictionary.Count; id++)
            {
                Widen(dictionary[id], ref min, ref max);
            }
        }
        else
        {
            min = max = GetValue(0);
            for (var i = 1; i < ValueCount; i++)
            {
                Widen(GetValue(i), ref min, ref max);
            }
        }
        var lower = Utf8Bounds.LowerBound(min, out var minExact);
        var upper = Utf8Bounds.UpperBound(max, out var maxExact);
        return upper is null ? ColumnStatistics.None : new ColumnStatistics(lower, upper, minExact, maxExact);
    }

    public override void Reset()
    {
        base.Reset();
        _bytes.Clear();
        _offsets.Clear();
        _ids.Clear();
        _dictionary?.Clear();
        _dictionaryDropped = false;
    }

    protected override long EstimateValueBytes(int start, int count)
    {
        if (count == 0)
        {
            return 0;
        }
        var end = start + count < _offsets.Count ? _offsets[start + count] : _bytes.Length;
        return end - _offsets[start] + 4L * count;
    }

    private static int DefinitionLevelFor(ParquetField field)
    {
        if (field.Type != ParquetType.StringList)
        {
            return field.Nullable ? 1 : 0;
        }
        // optional group (LIST) → repeated group list → [optional] element
        return (field.Nullable ? 1 : 0) + 1 + (field.NullableElements ? 1 : 0);
    }

    private ReadOnlySpan<byte> GetValue(int index)
    {
        var start = _offsets[index];
        var end = index + 1 < _offsets.Count ? _offsets[index + 1] : _bytes.Length;
        return _bytes.Slice(start, end - start);
    }

    /// <summary>The dictionary while the chunk still uses one (it is dropped when it grows too big to pay off).</summary>
    private Utf8Dictionary? ActiveDictionary => _dictionaryDropped ? null : _dictionary;

    private void AppendValue(string value)
    {
        var start = _bytes.Length;
        _offsets.Add(start);
        // One pass: encode into a worst-case reservation and give the rest back (GetByteCount first was a second scan).
        var byteCount = Encoding.UTF8.GetBytes(value, _bytes.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
        _bytes.Truncate(start + byteCount);
        TrackDictionary(_bytes.Slice(start, byteCount));
    }

    private void AppendValue(ReadOnlySpan<byte> value)
    {
        _offsets.Add(_bytes.Length);
        _bytes.Write(value);
        TrackDictionary(value);
    }

    /// <summary>Statistics compare unsigned byte-wise on UTF-8: UTF-16 ordinal order differs above U+FFFF.</summary>
    private static void Widen(ReadOnlySpan<byte> value, ref ReadOnlySpan<byte> min, ref ReadOnlySpan<byte> max)
    {
        if (value.SequenceCompareTo(min) < 0)
        {
            min = value;
        }
        else if (value.SequenceCompareTo(max) > 0)
        {
            max = value;
        }
    }

    private void TrackDictionary(ReadOnlySpan<byte> value)
    {
        if (ActiveDictionary is not { } dictionary)
        {
            return;
        }
        var id = dictionary.GetOrAdd(value);
        if (dictionary.Count > MaxDictionaryEntries || dictionary.ByteCount > MaxDictionaryBytes)
        {
            // Too many distinct values to pay off: this chunk is written PLAIN.
            _dictionaryDropped = true;
            _ids.Clear();
            return;
        }
        _ids.Add(id);
    }
}
