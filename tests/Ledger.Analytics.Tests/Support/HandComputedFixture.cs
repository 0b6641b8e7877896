using Ledger.Core.Records;

namespace Ledger.Analytics.Tests.Support;

/// <summary>Twelve records, 3 speakers, 2 contexts (+2 context-less), hours 10–15 UTC; every metric worked out by hand in docs/ANALYTICS.md §Worked example.</summary>
internal static class HandComputedFixture
{
    private static readonly string[] s_noLogic = ["@Status-InProgress", "@Chain-testing_validation", "@Tier-E"];

    private static DateTime At(int hour, int minute, int second = 0) => new(2025, 12, 1, hour, minute, second, DateTimeKind.Utc);

    public static LedgerRecord[] Records()
    {
        var h1 = Some.Md5("first words");
        var h2 = Some.Md5("second words");
        return
        [
            Some.Record("alice", At(10, 0), "lease design for the context", "ctx-a", chain: "system_architecture", tier: "A", keywords: ["lease", "context"], tags: Some.FullTags, hash: h1),
            Some.Record("bob", At(10, 1), "agreed on the lease", "ctx-a", chain: "system_architecture", tier: "A", keywords: ["lease"], tags: Some.FullTags, hash: h2),
            Some.Record("alice", At(10, 3), "tests are written", "ctx-a", chain: "testing_validation", tier: "E", keywords: ["tests"], tags: s_noLogic),
            Some.Record("alice", At(10, 3, 30), "ok", "ctx-a", chain: "other", tier: "C", tags: Some.FullTags, hash: h1),
            Some.Record("carol", At(11, 10), "token review", "ctx-a", receiver: "alice", role: "Reviewer", chain: "security", tier: "A", keywords: ["token"],
                tags: ["@Status-Ready", "@Tier-A", "@Logic-Question"]),
            Some.Record("bob", At(11, 12), "token lease fix", "ctx-a", chain: "security", tier: "C", keywords: ["token", "lease"], tags: ["@Status-Done", "@Chain-security"]),
            Some.Record("carol", At(13, 0), "deploy now", "ctx-b", role: "Reviewer", chain: "deployment_ops", tier: "E", keywords: ["deploy"], tags: Some.FullTags),
            Some.Record("alice", At(13, 0, 10), "deploy ack", "ctx-b", chain: "other", tier: "E", keywords: ["deploy"], hash: h2),
            Some.Record("carol", At(13, 20), "deploy rollout", "ctx-b", receiver: "bob", role: "Reviewer", chain: "deployment_ops", tier: "E", keywords: ["deploy", "rollout"], tags: Some.FullTags),
            Some.Record("carol", At(15, 0), "docs updated", "ctx-b", role: "Reviewer", chain: "documentation", tier: "C", tags: Some.FullTags),
            Some.Record("bob", At(15, 30), "latency numbers", null, chain: "performance", tier: "A", keywords: ["latency"], tags: Some.FullTags, hash: h1),
            Some.Record("alice", At(15, 45), "bye", null, receiver: "bob", role: null, chain: "other", tier: "E"),
        ];
    }

    /// <summary>S1 = H/ln 3 for shares 5/12, 3/12, 4/12 (alice, bob, carol).</summary>
    public static readonly double SpeakerDiversity =
        -(5 / 12.0 * Math.Log(5 / 12.0) + 3 / 12.0 * Math.Log(3 / 12.0) + 4 / 12.0 * Math.Log(4 / 12.0)) / Math.Log(3);
}
