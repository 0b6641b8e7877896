using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class WordFolderTests
{
    [Theory]
    [InlineData("test", "tests", "testing", "tested")]
    [InlineData("release", "releases", "released", "releasing")]
    [InlineData("fix", "fixes", "fixed", "fixing")]
    [InlineData("stop", "stops", "stopped", "stopping")]
    [InlineData("log", "logs", "logged", "logging")]
    [InlineData("debug", "debugs", "debugged", "debugging")]
    [InlineData("cache", "caches", "cached", "caching")]
    [InlineData("query", "queries", "queried", "querying")]
    [InlineData("pass", "passes", "passed", "passing")]
    [InlineData("deploy", "deploys", "deployed", "deploying")]
    public void Fold_InflectedForms_FoldToTheSameStem(string word, string plural, string past, string gerund)
    {
        var stem = WordFolder.Fold(word);

        Assert.Equal(stem, WordFolder.Fold(plural));
        Assert.Equal(stem, WordFolder.Fold(past));
        Assert.Equal(stem, WordFolder.Fold(gerund));
    }

    [Theory]
    [InlineData("status", "status")]
    [InlineData("class", "class")]
    [InlineData("redis", "redis")]
    [InlineData("string", "string")]
    [InlineData("speed", "speed")]
    [InlineData("added", "add")]
    [InlineData("installed", "install")]
    [InlineData("ms", "ms")]
    [InlineData("データベース", "データベース")]
    public void Fold_GuardedWords_AreNotMangled(string word, string folded)
    {
        Assert.Equal(folded, WordFolder.Fold(word));
    }
}
