using System.Text;
using Ledger.Parquet.Encodings;

namespace Ledger.Parquet.Thrift;

/// <summary>Writes Thrift compact protocol structs field by field; the caller supplies field ids in ascending order.</summary>
/// <remarks>
/// Field headers carry the delta from the previous field id of the same struct, so the writer keeps a stack of
/// "last field id": a nested struct (a struct field or a struct list element) starts again at 0 and the stop byte
/// restores the parent's value. Getting this wrong is the classic hand-written Thrift bug (parquet-writing.md §6.9).
/// </remarks>
internal sealed class ThriftCompactWriter
{
    private readonly ByteBuffer _output;
    private readonly Stack<short> _parentFieldIds = new();
    private short _lastFieldId;

    public ThriftCompactWriter(ByteBuffer output)
    {
        _output = output;
    }

    public void WriteI32Field(short id, int value)
    {
        WriteFieldHeader(id, CompactType.I32);
        WriteZigZag(value);
    }

    public void WriteI64Field(short id, long value)
    {
        WriteFieldHeader(id, CompactType.I64);
        WriteZigZag(value);
    }

    public void WriteI16Field(short id, short value)
    {
        WriteFieldHeader(id, CompactType.I16);
        WriteZigZag(value);
    }

    /// <summary>An i8 is a single raw byte, not a varint.</summary>
    public void WriteI8Field(short id, sbyte value)
    {
        WriteFieldHeader(id, CompactType.I8);
        _output.WriteByte((byte)value);
    }

    /// <summary>Booleans live in the header's type nibble; there is no value byte.</summary>
    public void WriteBoolField(short id, bool value) =>
        WriteFieldHeader(id, value ? CompactType.BooleanTrue : CompactType.BooleanFalse);

    public void WriteBinaryField(short id, ReadOnlySpan<byte> value)
    {
        WriteFieldHeader(id, CompactType.Binary);
        WriteBinary(value);
    }

    public void WriteStringField(short id, string value)
    {
        WriteFieldHeader(id, CompactType.Binary);
        WriteString(value);
    }

    /// <summary>Starts a struct-typed field; close it with <see cref="EndStruct"/>.</summary>
    public void BeginStructField(short id)
    {
        WriteFieldHeader(id, CompactType.Struct);
        BeginStruct();
    }

    /// <summary>Starts a struct that has no field header: a list element or the root struct.</summary>
    public void BeginStruct()
    {
        _parentFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    /// <summary>Writes the stop byte and returns to the enclosing struct's field numbering.</summary>
    public void EndStruct()
    {
        _output.WriteByte((byte)CompactType.Stop);
        _lastFieldId = _parentFieldIds.Count > 0 ? _parentFieldIds.Pop() : (short)0;
    }

    /// <summary>Writes a list field header; the elements follow without field headers.</summary>
    public void BeginListField(short id, CompactType elementType, int count)
    {
        WriteFieldHeader(id, CompactType.List);
        WriteListHeader(elementType, count);
    }

    public void WriteListHeader(CompactType elementType, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 14)
        {
            _output.WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            // 15 in the size nibble means "the size follows as a varint"; 15 elements must use this long form.
            _output.WriteByte((byte)(0xF0 | (byte)elementType));
            _output.WriteUnsignedVarInt((uint)count);
        }
    }

    public void WriteI32Element(int value) => WriteZigZag(value);

    public void WriteStringElement(string value) => WriteString(value);

    private void WriteFieldHeader(short id, CompactType type)
    {
        var delta = id - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            _output.WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            _output.WriteByte((byte)type);
            WriteZigZag(id);
        }
        _lastFieldId = id;
    }

    private void WriteZigZag(int value) => _output.WriteUnsignedVarInt((uint)((value << 1) ^ (value >> 31)));

    private void WriteZigZag(long value) => _output.WriteUnsignedVarInt((ulong)((value << 1) ^ (value >> 63)));

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        _output.WriteUnsignedVarInt((uint)value.Length);
        _output.Write(value);
    }

    private void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        _output.WriteUnsignedVarInt((uint)byteCount);
        Encoding.UTF8.GetBytes(value, _output.GetSpan(byteCount));
    }
}
