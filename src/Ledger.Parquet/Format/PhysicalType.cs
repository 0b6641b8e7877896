namespace Ledger.Parquet.Format;

/// <summary>parquet.thrift <c>Type</c> values used by this writer.</summary>
internal enum PhysicalType
{
    Boolean = 0,
    Int32 = 1,
    Int64 = 2,
    ByteArray = 6,
}
