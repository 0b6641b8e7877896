using Ledger.Analytics.Model;
using Ledger.Analytics.Rendering.Svg;

namespace Ledger.Analytics.Tests.Rendering.Svg;

public sealed class SvgInteractionMatrixTests
{
    [Theory]
    [InlineData(7, "7")]
    [InlineData(1234, "1.2k")]
    [InlineData(42857, "43k")]
    [InlineData(1_500_000, "1.5M")]
    public void Compact_Count_FitsCell(long count, string expected) => Assert.Equal(expected, SvgInteractionMatrix.Compact(count));

    [Fact]
    public void Render_Pairs_OneShadedCellPerPairWithExactTooltip()
    {
        var svg = SvgInteractionMatrix.Render(
            [new Interaction("a", "b", 42857), new Interaction("b", "a", 3)],
            [new NamedCount("a", 10), new NamedCount("b", 5)]);

        Assert.Equal(2, svg.Split("fill-opacity").Length - 1);
        Assert.Contains("<title>a → b: 42,857</title>", svg, StringComparison.Ordinal);
        Assert.Contains(">43k</text>", svg, StringComparison.Ordinal);
    }
}
