using Ledger.Parquet.Schema;
using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.Format;

/// <summary>Serializes the flattened, depth-first list of parquet.thrift <c>SchemaElement</c>s.</summary>
/// <remarks>
/// LogicalTypes.md asks writers to write the ConvertedType matching each LogicalType, for older readers:
/// STRING→UTF8, LIST→LIST, TIMESTAMP(MICROS)→TIMESTAMP_MICROS.
/// </remarks>
internal static class SchemaSerializer
{
    private const int RequiredRepetition = 0;
    private const int OptionalRepetition = 1;
    private const int RepeatedRepetition = 2;
    private const int ConvertedUtf8 = 0;
    private const int ConvertedList = 3;
    private const int ConvertedTimestampMicros = 10;

    /// <summary>Number of SchemaElements the schema flattens to (root included).</summary>
    public static int ElementCount(ParquetSchema schema) =>
        1 + schema.Fields.Sum(f => f.Type == ParquetType.StringList ? 3 : 1);

    /// <summary>path_in_schema of the single leaf under <paramref name="field"/>.</summary>
    public static IReadOnlyList<string> LeafPath(ParquetField field) =>
        field.Type == ParquetType.StringList ? [field.Name, "list", "element"] : [field.Name];

    public static void WriteElements(ThriftCompactWriter writer, ParquetSchema schema)
    {
        writer.BeginStruct();
        writer.WriteStringField(4, "schema");
        writer.WriteI32Field(5, schema.Fields.Count);
        writer.EndStruct();
        foreach (var field in schema.Fields)
        {
            var repetition = field.Nullable ? OptionalRepetition : RequiredRepetition;
            switch (field.Type)
            {
                case ParquetType.Boolean:
                    WriteLeaf(writer, PhysicalType.Boolean, repetition, field.Name, null, null);
                    break;
                case ParquetType.Int32:
                    WriteLeaf(writer, PhysicalType.Int32, repetition, field.Name, null, null);
                    break;
                case ParquetType.Int64:
                    WriteLeaf(writer, PhysicalType.Int64, repetition, field.Name, null, null);
                    break;
                case ParquetType.String:
                    WriteLeaf(writer, PhysicalType.ByteArray, repetition, field.Name, ConvertedUtf8, WriteStringLogicalType);
                    break;
                case ParquetType.TimestampMicros:
                    WriteLeaf(writer, PhysicalType.Int64, repetition, field.Name, ConvertedTimestampMicros, WriteTimestampLogicalType);
                    break;
                case ParquetType.StringList:
                    WriteList(writer, field, repetition);
                    break;
                default:
                    throw new InvalidOperationException($"Unsupported column type {field.Type}.");
            }
        }
    }

    private static void WriteList(ThriftCompactWriter writer, ParquetField field, int repetition)
    {
        // The 3-level form with the names list/element; 2-level lists are misread (arrow-rs#6756).
        writer.BeginStruct();
        writer.WriteI32Field(3, repetition);
        writer.WriteStringField(4, field.Name);
        writer.WriteI32Field(5, 1);
        writer.WriteI32Field(6, ConvertedList);
        writer.BeginStructField(10);
        writer.BeginStructField(3);
        writer.EndStruct();
        writer.EndStruct();
        writer.EndStruct();

        writer.BeginStruct();
        writer.WriteI32Field(3, RepeatedRepetition);
        writer.WriteStringField(4, "list");
        writer.WriteI32Field(5, 1);
        writer.EndStruct();

        var elementRepetition = field.NullableElements ? OptionalRepetition : RequiredRepetition;
        WriteLeaf(writer, PhysicalType.ByteArray, elementRepetition, "element", ConvertedUtf8, WriteStringLogicalType);
    }

    private static void WriteLeaf(
        ThriftCompactWriter writer, PhysicalType type, int repetition, string name, int? convertedType, Action<ThriftCompactWriter>? logicalType)
    {
        writer.BeginStruct();
        writer.WriteI32Field(1, (int)type);
        writer.WriteI32Field(3, repetition);
        writer.WriteStringField(4, name);
        if (convertedType is { } converted)
        {
            writer.WriteI32Field(6, converted);
        }
        if (logicalType is not null)
        {
            writer.BeginStructField(10);
            logicalType(writer);
            writer.EndStruct();
        }
        writer.EndStruct();
    }

    private static void WriteStringLogicalType(ThriftCompactWriter writer)
    {
        writer.BeginStructField(1);
        writer.EndStruct();
    }

    private static void WriteTimestampLogicalType(ThriftCompactWriter writer)
    {
        writer.BeginStructField(8);
        writer.WriteBoolField(1, true);
        writer.BeginStructField(2);
        writer.BeginStructField(2);
        writer.EndStruct();
        writer.EndStruct();
        writer.EndStruct();
    }
}
