namespace Ledger.Parquet.Format;

/// <summary>parquet.thrift <c>PageType</c> values used by this writer.</summary>
internal enum PageType
{
    DataPage = 0,
    DictionaryPage = 2,
}
