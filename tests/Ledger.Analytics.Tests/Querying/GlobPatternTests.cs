using Ledger.Analytics.Querying;

namespace Ledger.Analytics.Tests.Querying;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("execution.*", "execution.start", true)]
    [InlineData("execution.*", "Execution.Done", true)]
    [InlineData("execution.*", "plan.execution.start", false)]
    [InlineData("*.done", "task.done", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b", "xxaxxbxxc", false)]
    [InlineData("*", "", true)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void IsMatch_Pattern_ExpectedResult(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(text));

    [Fact]
    public void IsMatch_NullText_False() => Assert.False(new GlobPattern("*").IsMatch(null));
}
