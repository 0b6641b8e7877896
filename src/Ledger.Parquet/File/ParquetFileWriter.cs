using System.Buffers.Binary;
using System.Reflection;
using Ledger.Parquet.Columns;
using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;
using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.File;

/// <summary>Writes a Parquet file row by row: <c>BeginRow</c>, one <c>Set…</c> per column, <c>EndRow</c>.</summary>
/// <remarks>
/// Rows are buffered per row group and written when the group is full (<see cref="ParquetWriterOptions.RowGroupRows"/>
/// rows or <see cref="ParquetWriterOptions.RowGroupBytes"/> of values), so memory is bounded by one row group, not by
/// the file, nor by how long the rows' strings are. <see cref="Complete"/> (or <see cref="Dispose"/>)
/// writes the last row group and the footer. The output stream must be at the start of the file; it is not
/// disposed by the writer. Columns are addressed by their index in the <see cref="ParquetSchema"/>. A nullable
/// column left unset in a row is null; a required one left unset makes <see cref="EndRow"/> throw.
/// </remarks>
public sealed class ParquetFileWriter : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly PositionedOutput _output;
    private readonly ParquetSchema _schema;
    private readonly ParquetWriterOptions _options;
    private ColumnBuffer[] _columns;
    private ColumnBuffer[]? _spareColumns;
    private Task? _pendingRowGroup;
    private readonly bool[] _setInRow;
    private int _setCount;
    private readonly ColumnChunkWriter _chunkWriter;
    private readonly List<RowGroupMetadata> _rowGroups = [];
    private int _rowsInGroup;
    private bool _inRow;
    private bool _completed;
    private bool _faulted;

    /// <summary>Starts a file on <paramref name="output"/> (writes the leading magic bytes immediately).</summary>
    public ParquetFileWriter(Stream output, ParquetSchema schema, ParquetWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        _options = options ?? ParquetWriterOptions.Default;
        _options.Validate();
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }
        if (output.CanSeek && output.Position != 0)
        {
            throw new ArgumentException("Footer offsets are absolute: the output must be at the start of the file.", nameof(output));
        }
        _schema = schema;
        _output = new PositionedOutput(output);
        _columns = schema.Fields.Select(CreateBuffer).ToArray();
        _setInRow = new bool[_columns.Length];
        _chunkWriter = new ColumnChunkWriter(_output, _options.Compression);
        _output.Write(Magic);
    }

    /// <summary>Rows completed so far (written or buffered).</summary>
    public long RowCount { get; private set; }

    /// <summary>Row groups written to the output so far.</summary>
    public int RowGroupCount => _rowGroups.Count;

    /// <summary>The <c>created_by</c> string: "Ledger version x.y.z (build sha)".</summary>
    public static string CreatedBy { get; } = BuildCreatedBy();

    /// <summary>Starts a row.</summary>
    public void BeginRow()
    {
        EnsureWritable();
        if (_inRow)
        {
            throw new InvalidOperationException("EndRow was not called for the previous row.");
        }
        Array.Clear(_setInRow);
        _setCount = 0;
        _inRow = true;
    }

    /// <summary>Sets a <see cref="ParquetType.Boolean"/> column.</summary>
    public void SetBoolean(int column, bool value) => Column<BooleanColumnBuffer>(column, ParquetType.Boolean).Append(value);

    /// <summary>Sets an <see cref="ParquetType.Int32"/> column.</summary>
    public void SetInt32(int column, int value) => Column<IntegerColumnBuffer<int>>(column, ParquetType.Int32).Append(value);

    /// <summary>Sets an <see cref="ParquetType.Int64"/> column, or a timestamp column in microseconds since the epoch.</summary>
    public void SetInt64(int column, long value) => Column<IntegerColumnBuffer<long>>(column, ParquetType.Int64, ParquetType.TimestampMicros).Append(value);

    /// <summary>Sets a <see cref="ParquetType.TimestampMicros"/> column; Local times are converted, Unspecified is taken as UTC.</summary>
    /// <remarks>Sub-microsecond ticks are truncated toward negative infinity.</remarks>
    public void SetTimestamp(int column, DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var micros = Math.DivRem(utc.Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMicrosecond, out var remainder);
        Column<IntegerColumnBuffer<long>>(column, ParquetType.TimestampMicros).Append(remainder < 0 ? micros - 1 : micros);
    }

    /// <summary>Sets a <see cref="ParquetType.String"/> column; null sets null.</summary>
    public void SetString(int column, string? value)
    {
        if (value is null)
        {
            SetNull(column);
            return;
        }
        Column<StringColumnBuffer>(column, ParquetType.String).AppendString(value);
    }

    /// <summary>Sets a <see cref="ParquetType.String"/> column from UTF-8 bytes, skipping the round trip through a string.</summary>
    /// <exception cref="ArgumentException"><paramref name="utf8"/> is not valid UTF-8 (DuckDB and Arrow reject such files).</exception>
    public void SetStringUtf8(int column, ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new ArgumentException($"Value for column '{_schema.Fields[CheckColumn(column)].Name}' is not valid UTF-8.", nameof(utf8));
        }
        Column<StringColumnBuffer>(column, ParquetType.String).AppendUtf8(utf8);
    }

    /// <summary>Sets a <see cref="ParquetType.StringList"/> column; null sets a null list, elements may be null only if the field allows.</summary>
    public void SetStringList(int column, IReadOnlyList<string?>? values)
    {
        if (values is null)
        {
            SetNull(column);
            return;
        }
        var field = _schema.Fields[CheckColumn(column)];
        if (!field.NullableElements)
        {
            // An index loop: Contains on the interface cost an enumerator per row.
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is null)
                {
                    throw new ArgumentException($"Column '{field.Name}' does not allow null list elements.", nameof(values));
                }
            }
        }
        Column<StringColumnBuffer>(column, ParquetType.StringList).AppendList(values);
    }

    /// <summary>
    /// Sets a <see cref="ParquetType.StringList"/> column to a non-null list whose elements are the UTF-8 slices
    /// <paramref name="source"/>[range] (none may be null), skipping the round trip through strings.
    /// </summary>
    /// <exception cref="ArgumentException">An element is not valid UTF-8.</exception>
    public void SetStringListUtf8(int column, ReadOnlySpan<byte> source, ReadOnlySpan<Range> elements)
    {
        foreach (var element in elements)
        {
            if (!System.Text.Unicode.Utf8.IsValid(source[element]))
            {
                throw new ArgumentException($"An element for column '{_schema.Fields[CheckColumn(column)].Name}' is not valid UTF-8.", nameof(source));
            }
        }
        Column<StringColumnBuffer>(column, ParquetType.StringList).AppendListUtf8(source, elements);
    }

    /// <summary>Sets a nullable column to null.</summary>
    public void SetNull(int column)
    {
        var field = _schema.Fields[CheckColumn(column)];
        if (!field.Nullable)
        {
            throw new ArgumentException($"Column '{field.Name}' is required and cannot be null.", nameof(column));
        }
        Column<ColumnBuffer>(column, field.Type).AppendNull();
    }

    /// <summary>Completes the row; writes a row group when it is full.</summary>
    public void EndRow()
    {
        EnsureWritable();
        if (!_inRow)
        {
            throw new InvalidOperationException("BeginRow was not called.");
        }
        // Most rows set every column: then there is nothing to check and no null to fill in.
        var complete = _setCount == _columns.Length;
        for (var i = 0; !complete && i < _columns.Length; i++)
        {
            if (!_setInRow[i] && !_schema.Fields[i].Nullable)
            {
                throw new InvalidOperationException($"Required column '{_schema.Fields[i].Name}' was not set in this row.");
            }
        }
        for (var i = 0; !complete && i < _columns.Length; i++)
        {
            if (!_setInRow[i])
            {
                _columns[i].AppendNull();
            }
        }
        var pageSize = _options.PageSizeBytes;
        var bufferedBytes = 0L;
        foreach (var column in _columns)
        {
            bufferedBytes += column.EndRow(pageSize);
        }
        _inRow = false;
        RowCount++;
        if (++_rowsInGroup >= _options.RowGroupRows || bufferedBytes >= _options.RowGroupBytes)
        {
            Guarded(_options.EncodeInBackground ? StartRowGroupInBackground : FlushRowGroup);
        }
    }

    /// <summary>Writes the buffered rows and the footer; the file is complete when this returns. Idempotent.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }
        EnsureWritable();
        if (_inRow)
        {
            throw new InvalidOperationException("A row is still open: call EndRow before Complete.");
        }
        Guarded(WriteTail);
        _completed = true;
    }

    private void WriteTail()
    {
        WaitForPendingRowGroup();
        FlushRowGroup();
        var footer = new ByteBuffer(4096);
        FileMetadataSerializer.Write(new ThriftCompactWriter(footer), _schema, _rowGroups, CreatedBy);
        _output.Write(footer.Span);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        _output.Write(length);
        _output.Write(Magic);
        _output.Flush();
    }

    /// <summary>Calls <see cref="Complete"/>, unless a row is still open.</summary>
    /// <remarks>
    /// An open row means the caller was interrupted (usually by an exception), and a failed write (disk full) leaves
    /// a half-written row group. In both cases no footer is written: an incomplete file that every reader rejects
    /// is better than a valid-looking file that silently lacks rows.
    /// </remarks>
    public void Dispose()
    {
        if (_completed || _inRow || _faulted)
        {
            // A row group may still be encoding in the background; it must not outlive the writer's stream.
            WaitQuietly(_pendingRowGroup);
            return;
        }
        Complete();
    }

    /// <summary>Gives up on the file: no footer is written; waits for a row group still encoding in the background.</summary>
    /// <remarks>For callers that delete the partial file; afterwards the output stream may be disposed safely.</remarks>
    public void Abandon()
    {
        _faulted = true;
        WaitQuietly(_pendingRowGroup);
        _pendingRowGroup = null;
    }

    private void FlushRowGroup()
    {
        if (_rowsInGroup == 0)
        {
            return;
        }
        WriteRowGroup(_columns, _rowsInGroup);
        _rowsInGroup = 0;
    }

    /// <summary>Encodes and writes the full row group on a pool thread while the caller fills a second set of buffers.</summary>
    /// <remarks>
    /// At most one row group is in flight: the previous one is awaited first, so chunks reach the output in row group
    /// order and only two sets of buffers ever exist. A failure surfaces on the next flush, Complete or Dispose.
    /// </remarks>
    private void StartRowGroupInBackground()
    {
        WaitForPendingRowGroup();
        var full = _columns;
        var rows = _rowsInGroup;
        _columns = _spareColumns ?? _schema.Fields.Select(CreateBuffer).ToArray();
        _spareColumns = null;
        _rowsInGroup = 0;
        _pendingRowGroup = Task.Run(() =>
        {
            WriteRowGroup(full, rows);
            _spareColumns = full;
        });
    }

    private void WaitForPendingRowGroup()
    {
        var pending = _pendingRowGroup;
        _pendingRowGroup = null;
        pending?.GetAwaiter().GetResult();
    }

    private void WriteRowGroup(ColumnBuffer[] columns, int rows)
    {
        var fileOffset = _output.Position;
        var chunks = new ChunkMetadata[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            chunks[i] = _chunkWriter.Write(columns[i]);
            columns[i].Reset();
        }
        _rowGroups.Add(new RowGroupMetadata(chunks, rows, fileOffset));
    }

    private static void WaitQuietly(Task? task)
    {
        try
        {
            task?.Wait();
        }
        catch (AggregateException)
        {
            // the writer is already abandoned; the caller is handling the error that got it here
        }
    }

    private T Column<T>(int column, ParquetType expected, ParquetType? alsoAllowed = null)
        where T : ColumnBuffer
    {
        CheckColumn(column);
        if (!_inRow)
        {
            throw new InvalidOperationException("Call BeginRow before setting values.");
        }
        var field = _schema.Fields[column];
        if (field.Type != expected && field.Type != alsoAllowed)
        {
            throw new ArgumentException($"Column '{field.Name}' is {field.Type}, not {expected}.", nameof(column));
        }
        if (_setInRow[column])
        {
            throw new InvalidOperationException($"Column '{field.Name}' was already set in this row.");
        }
        _setInRow[column] = true;
        _setCount++;
        return (T)_columns[column];
    }

    private int CheckColumn(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _columns.Length);
        return column;
    }

    private void EnsureWritable()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The Parquet file is already complete.");
        }
        if (_faulted)
        {
            throw new InvalidOperationException("An earlier write to the output failed; the Parquet file cannot be completed.");
        }
    }

    /// <summary>Runs an output write; any failure makes the writer unusable instead of leaving it half-consistent.</summary>
    private void Guarded(Action write)
    {
        try
        {
            write();
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    private static ColumnBuffer CreateBuffer(ParquetField field) => field.Type switch
    {
        ParquetType.Boolean => new BooleanColumnBuffer(field),
        ParquetType.Int32 => new IntegerColumnBuffer<int>(field),
        ParquetType.Int64 or ParquetType.TimestampMicros => new IntegerColumnBuffer<long>(field),
        ParquetType.String or ParquetType.StringList => new StringColumnBuffer(field),
        _ => throw new ArgumentException($"Unsupported column type {field.Type}.", nameof(field)),
    };

    private static string BuildCreatedBy()
    {
        var assembly = typeof(ParquetFileWriter).Assembly;
        var version = assembly.GetName().Version ?? new Version(0, 0, 0);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = informational?.IndexOf('+') ?? -1;
        var build = plus >= 0 ? $" (build {informational![(plus + 1)..]})" : "";
        return $"Ledger version {version.Major}.{version.Minor}.{version.Build}{build}";
    }
}
