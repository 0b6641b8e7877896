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
    private readonly ValueList<int> _dictionaryValueIndexes = new();
    private Dictionary<string, int>? _dictionary;
    private long _dictionaryBytes;
    private int _minIndex = -1;
    private int _maxIndex = -1;

    public StringColumnBuffer(ParquetField field)
        : base(field, DefinitionLevelFor(field), field.Type == ParquetType.StringList ? 1 : 0)
    {
        IsList = field.Type == ParquetType.StringList;
        _dictionary = field.DictionaryEncoding ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
    }

    public bool IsList { get; }

    public override PhysicalType PhysicalType => PhysicalType.ByteArray;

    public override int ValueCount => _offsets.Count;

    /// <summary>Distinct values when the chunk is to be dictionary-encoded, else 0.</summary>
    public int DictionarySize => UseDictionary ? _dictionaryValueIndexes.Count : 0;

    /// <summary>True when a dictionary exists and is smaller than PLAIN would be.</summary>
    public bool UseDictionary
    {
        get
        {
            if (_dictionary is null || _dictionaryValueIndexes.Count == 0)
            {
                return false;
            }
            var idBits = RleBitPackedHybridEncoder.BitWidth(_dictionaryValueIndexes.Count - 1);
            var dictionaryEncoded = _dictionaryBytes + 4L * _dictionaryValueIndexes.Count + (long)ValueCount * idBits / 8;
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
        var index = _offsets.Count;
        var start = _bytes.Length;
        _offsets.Add(start);
        _bytes.Write(value);
        if (_dictionary is not null)
        {
            // The dictionary is keyed by string; a dictionary column given bytes pays for the key. Bytes are meant
            // for long unique values (message text), which are not dictionary-encoded.
            TrackDictionary(Encoding.UTF8.GetString(value), index, value.Length);
        }
        TrackBounds(index, _bytes.Slice(start, value.Length));
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
        foreach (var valueIndex in _dictionaryValueIndexes.Span)
        {
            var value = GetValue(valueIndex);
            output.WriteInt32LittleEndian(value.Length);
            output.Write(value);
        }
    }

    public override ColumnStatistics GetStatistics()
    {
        if (_minIndex < 0)
        {
            return ColumnStatistics.None;
        }
        var min = Utf8Bounds.LowerBound(GetValue(_minIndex), out var minExact);
        var max = Utf8Bounds.UpperBound(GetValue(_maxIndex), out var maxExact);
        return max is null ? ColumnStatistics.None : new ColumnStatistics(min, max, minExact, maxExact);
    }

    public override void Reset()
    {
        base.Reset();
        _bytes.Clear();
        _offsets.Clear();
        _ids.Clear();
        _dictionaryValueIndexes.Clear();
        _dictionary = Field.DictionaryEncoding ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
        _dictionaryBytes = 0;
        _minIndex = -1;
        _maxIndex = -1;
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

    private void AppendValue(string value)
    {
        var index = _offsets.Count;
        var start = _bytes.Length;
        _offsets.Add(start);
        // One pass: encode into a worst-case reservation and give the rest back (GetByteCount first was a second scan).
        var byteCount = Encoding.UTF8.GetBytes(value, _bytes.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
        _bytes.Truncate(start + byteCount);
        var bytes = _bytes.Slice(start, byteCount);
        TrackDictionary(value, index, byteCount);
        TrackBounds(index, bytes);
    }

    private void TrackBounds(int index, ReadOnlySpan<byte> bytes)
    {
        // Statistics compare unsigned byte-wise on UTF-8: UTF-16 ordinal order differs above U+FFFF.
        if (_minIndex < 0 || bytes.SequenceCompareTo(GetValue(_minIndex)) < 0)
        {
            _minIndex = index;
        }
        if (_maxIndex < 0 || bytes.SequenceCompareTo(GetValue(_maxIndex)) > 0)
        {
            _maxIndex = index;
        }
    }

    private void TrackDictionary(string value, int valueIndex, int byteCount)
    {
        if (_dictionary is null)
        {
            return;
        }
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_dictionary, value, out var exists);
        if (!exists)
        {
            id = _dictionaryValueIndexes.Count;
            _dictionaryValueIndexes.Add(valueIndex);
            _dictionaryBytes += byteCount;
            if (_dictionaryValueIndexes.Count > MaxDictionaryEntries || _dictionaryBytes > MaxDictionaryBytes)
            {
                // Too many distinct values to pay off: this chunk is written PLAIN.
                _dictionary = null;
                _ids.Clear();
                return;
            }
        }
        _ids.Add(id);
    }
}
