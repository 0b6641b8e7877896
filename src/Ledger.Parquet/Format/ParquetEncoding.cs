namespace Ledger.Parquet.Format;

/// <summary>parquet.thrift <c>Encoding</c> values used by this writer.</summary>
internal enum ParquetEncoding
{
    Plain = 0,
    Rle = 3,
    RleDictionary = 8,
}
