namespace Ledger.Analytics.Metrics;

/// <summary>Decides whether a message's <c>shl_tags</c> cover all three SHL families (DESIGN.md §6).</summary>
internal static class ShlTagClassifier
{
    /// <summary>True when the tags hold a Status (<c>@Status-</c>), a Hierarchical (<c>@Chain-</c> or <c>@Tier-</c>) and a Logical (<c>@Logic-</c>) tag.</summary>
    public static bool IsFullyTagged(IReadOnlyList<string> tags)
    {
        bool status = false, hierarchical = false, logical = false;
        foreach (var tag in tags)
        {
            status |= tag.StartsWith("@Status-", StringComparison.Ordinal);
            hierarchical |= tag.StartsWith("@Chain-", StringComparison.Ordinal) || tag.StartsWith("@Tier-", StringComparison.Ordinal);
            logical |= tag.StartsWith("@Logic-", StringComparison.Ordinal);
        }
        return status && hierarchical && logical;
    }
}
