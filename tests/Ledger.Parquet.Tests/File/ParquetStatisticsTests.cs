using Ledger.Parquet.File;
using Ledger.Parquet.Tests.Support;

namespace Ledger.Parquet.Tests.File;

/// <summary>Statistics that DuckDB uses to skip row groups must never make it skip matching rows.</summary>
public sealed class ParquetStatisticsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<TestRow> _rows;
    private readonly string _path;

    public ParquetStatisticsTests()
    {
        _rows = TestTable.Rows(3_000, 40);
        _path = _temp.Combine("stats.parquet");
        TestTable.Write(_path, _rows, new ParquetWriterOptions { RowGroupRows = 500 });
    }

    [Fact]
    public void Filters_OnSpeakerNullAndSequenceRange_ReturnExactlyTheMatchingRows()
    {
        var result = InteropReaders.DuckDb(
            _path,
            "SELECT (SELECT list(sequence ORDER BY sequence) FROM t WHERE speaker = 'agent_007') AS speaker, "
            + "(SELECT list(sequence ORDER BY sequence) FROM t WHERE receiver IS NULL) AS no_receiver, "
            + "(SELECT list(sequence ORDER BY sequence) FROM t WHERE sequence BETWEEN 1234 AND 1789) AS range, "
            + "(SELECT count(*) FROM t WHERE message = 'hello #0') AS hello");
        var row = result.Rows[0];

        Assert.Equal(Sequences(r => r.Speaker == "agent_007"), Longs(row, "speaker"));
        Assert.Equal(Sequences(r => r.Receiver is null), Longs(row, "no_receiver"));
        Assert.Equal(Sequences(r => r.Sequence is >= 1234 and <= 1789), Longs(row, "range"));
        Assert.Equal("1", row.GetProperty("hello").GetString());
    }

    [Fact]
    public void Footer_Statistics_HaveExactNullCountsAndMinMax()
    {
        var result = InteropReaders.DuckDb(
            _path,
            $"SELECT row_group_id, path_in_schema AS col, stats_null_count AS nulls, stats_min_value AS lo, stats_max_value AS hi "
            + $"FROM parquet_metadata('{_path}') WHERE path_in_schema IN ('sequence', 'receiver', 'amount') ORDER BY 1, 2");

        foreach (var row in result.Rows)
        {
            var group = _rows.Skip((int)InteropResult.Int64(row, "row_group_id")!.Value * 500).Take(500).ToList();
            var nulls = InteropResult.Int64(row, "nulls");
            switch (InteropResult.String(row, "col"))
            {
                case "sequence":
                    Assert.Equal(0, nulls);
                    Assert.Equal(group.Min(r => r.Sequence).ToString(), InteropResult.String(row, "lo"));
                    Assert.Equal(group.Max(r => r.Sequence).ToString(), InteropResult.String(row, "hi"));
                    break;
                case "receiver":
                    Assert.Equal(group.Count(r => r.Receiver is null), nulls);
                    var receivers = group.Where(r => r.Receiver is not null).Select(r => r.Receiver!).Order(StringComparer.Ordinal).ToList();
                    Assert.Equal(receivers[0], InteropResult.String(row, "lo"));
                    Assert.Equal(receivers[^1], InteropResult.String(row, "hi"));
                    break;
                default:
                    Assert.Equal(group.Count(r => r.Amount is null), nulls);
                    Assert.Equal(group.Min(r => r.Amount)!.Value.ToString(), InteropResult.String(row, "lo"));
                    break;
            }
        }
        Assert.Equal(6 * 3, result.Rows.Count);
    }

    private List<long> Sequences(Func<TestRow, bool> predicate) => _rows.Where(predicate).Select(r => r.Sequence).ToList();

    private static List<long> Longs(System.Text.Json.JsonElement row, string column) =>
        row.GetProperty(column).EnumerateArray().Select(e => long.Parse(e.GetString()!)).ToList();

    public void Dispose() => _temp.Dispose();
}
