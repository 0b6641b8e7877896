namespace Ledger.Parquet.Tests.Support;

/// <summary>Compares reader output with the <see cref="TestRow"/>s that were written, value by value.</summary>
public static class RowAssert
{
    public static void Equal(IReadOnlyList<TestRow> expected, InteropResult actual)
    {
        Assert.Equal(
            ["sequence", "timestamp", "speaker", "receiver", "message", "kind", "flag", "amount", "tags", "notes"],
            actual.Columns.Select(c => c.Name));
        Assert.Equal(expected.Count, actual.Rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var row = actual.Rows[i];
            var want = expected[i];
            Assert.Equal(want.Sequence, InteropResult.Int64(row, "sequence"));
            Assert.Equal(TestTable.Micros(want.Timestamp), InteropResult.Int64(row, "timestamp"));
            Assert.Equal(want.Speaker, InteropResult.String(row, "speaker"));
            Assert.Equal(want.Receiver, InteropResult.String(row, "receiver"));
            Assert.Equal(TestTable.Expected(want.Message), InteropResult.String(row, "message"));
            Assert.Equal(want.Kind, row.GetProperty("kind").GetInt32());
            Assert.Equal(want.Flag, row.GetProperty("flag").GetBoolean());
            Assert.Equal(want.Amount, InteropResult.Int64(row, "amount"));
            Assert.Equal(want.Tags, InteropResult.StringList(row, "tags"));
            Assert.Equal(want.Notes, InteropResult.StringList(row, "notes"));
        }
    }
}
