using Ledger.Core.Records;

namespace Ledger.Analytics.Tests.Support;

/// <summary>Records whose text tries to break out of HTML, Markdown and Mermaid.</summary>
internal static class ReportFixtures
{
    public const string Script = "<script>alert(1)</script>";
    public const string HostileSpeaker = "mallory<script>alert(1)</script>";
    public const string MarkdownSpeaker = "eve|*bold*_x_`code`";

    public static LedgerRecord[] Hostile() =>
    [
        Some.Record(HostileSpeaker, Some.Base, Script, "ctx-<img src=x onerror=alert(2)>", chain: "security", tier: "A",
            keywords: ["<b>kw</b>", Script], tags: Some.FullTags),
        Some.Record(MarkdownSpeaker, Some.Base.AddMinutes(1), "| table | breaker |", "ctx-<img src=x onerror=alert(2)>",
            role: "<i>role</i>", chain: "ui_ux", tier: "C", keywords: ["a|b"]),
        Some.Record("alice", Some.Base.AddHours(2), "normal", "ctx-plain", receiver: HostileSpeaker, chain: "debugging", keywords: ["fine"]),
    ];
}
