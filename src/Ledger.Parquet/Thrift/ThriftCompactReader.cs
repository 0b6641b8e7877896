namespace Ledger.Parquet.Thrift;

/// <summary>Reads Thrift compact protocol structs from a byte span, skipping any field the caller does not want.</summary>
/// <remarks>
/// Only what footer inspection needs: field headers, varints and a generic skip. Skipping is driven by the type
/// nibble alone, so fields added by newer Parquet writers are passed over without knowing the IDL. Nesting is
/// limited so a corrupt footer cannot recurse without bound; every read is bounds-checked and a truncated or
/// malformed input throws <see cref="InvalidDataException"/>.
/// </remarks>
internal ref struct ThriftCompactReader
{
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _input;
    private int _position;

    public ThriftCompactReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        _position = 0;
    }

    /// <summary>Reads the next field header of the current struct; false at its stop byte.</summary>
    /// <param name="lastFieldId">The previous field id of this struct (0 at its start); updated to the new id.</param>
    /// <param name="type">The field's type nibble.</param>
    public bool TryReadFieldHeader(ref short lastFieldId, out CompactType type)
    {
        var header = ReadByte();
        type = (CompactType)(header & 0x0F);
        if (type == CompactType.Stop)
        {
            return false;
        }
        var delta = header >> 4;
        lastFieldId = delta != 0 ? (short)(lastFieldId + delta) : (short)ReadZigZag32();
        return true;
    }

    /// <summary>Reads an i16/i32/i64 value (all zigzag varints in the compact protocol).</summary>
    public long ReadZigZag64()
    {
        var raw = ReadUnsignedVarInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Skips one value of <paramref name="type"/> as it appears after a field header.</summary>
    public void Skip(CompactType type) => Skip(type, depth: 0, inCollection: false);

    private void Skip(CompactType type, int depth, bool inCollection)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("Thrift structure nested too deeply");
        }
        switch (type)
        {
            case CompactType.BooleanTrue or CompactType.BooleanFalse:
                // A struct field keeps its bool in the header nibble; a list element is one byte.
                if (inCollection)
                {
                    ReadByte();
                }
                break;
            case CompactType.I8:
                ReadByte();
                break;
            case CompactType.I16 or CompactType.I32 or CompactType.I64:
                ReadUnsignedVarInt();
                break;
            case CompactType.Double:
                Advance(8);
                break;
            case CompactType.Binary:
                Advance(checked((int)ReadUnsignedVarInt()));
                break;
            case CompactType.List or CompactType.Set:
                SkipList(depth);
                break;
            case CompactType.Map:
                SkipMap(depth);
                break;
            case CompactType.Struct:
                SkipStruct(depth);
                break;
            default:
                throw new InvalidDataException($"unknown Thrift compact type {(int)type} at byte {_position}");
        }
    }

    private void SkipList(int depth)
    {
        var header = ReadByte();
        var elementType = (CompactType)(header & 0x0F);
        long size = header >> 4;
        if (size == 15)
        {
            size = (long)ReadUnsignedVarInt();
        }
        for (long i = 0; i < size; i++)
        {
            Skip(elementType, depth + 1, inCollection: true);
        }
    }

    private void SkipMap(int depth)
    {
        var size = (long)ReadUnsignedVarInt();
        if (size == 0)
        {
            return;
        }
        var types = ReadByte();
        for (long i = 0; i < size; i++)
        {
            Skip((CompactType)(types >> 4), depth + 1, inCollection: true);
            Skip((CompactType)(types & 0x0F), depth + 1, inCollection: true);
        }
    }

    private void SkipStruct(int depth)
    {
        short fieldId = 0;
        while (TryReadFieldHeader(ref fieldId, out var type))
        {
            Skip(type, depth + 1, inCollection: false);
        }
    }

    private int ReadZigZag32()
    {
        var raw = (uint)ReadUnsignedVarInt();
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    private ulong ReadUnsignedVarInt()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new InvalidDataException($"varint longer than 10 bytes at byte {_position}");
    }

    private byte ReadByte()
    {
        if (_position >= _input.Length)
        {
            throw new InvalidDataException("Thrift data ends in the middle of a value");
        }
        return _input[_position++];
    }

    private void Advance(int count)
    {
        if (count < 0 || count > _input.Length - _position)
        {
            throw new InvalidDataException("Thrift data ends in the middle of a value");
        }
        _position += count;
    }
}
