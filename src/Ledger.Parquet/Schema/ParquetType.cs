namespace Ledger.Parquet.Schema;

/// <summary>The column types the writer supports, each mapped to one Parquet physical + logical type.</summary>
public enum ParquetType
{
    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>INT32 (INTEGER(32, signed)).</summary>
    Int32,

    /// <summary>INT64 (INTEGER(64, signed)).</summary>
    Int64,

    /// <summary>BYTE_ARRAY annotated STRING (UTF-8).</summary>
    String,

    /// <summary>INT64 annotated TIMESTAMP(isAdjustedToUTC=true, MICROS): microseconds since the Unix epoch, UTC.</summary>
    TimestampMicros,

    /// <summary>A 3-level LIST of STRING: <c>group (LIST) { repeated group list { element (STRING) } }</c>.</summary>
    StringList,
}
