using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests.Bench;

public sealed class JitProfileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ledger-jit-profile-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Problem_MissingFile_SaysItWasNotWritten()
    {
        var file = Path.Combine(_dir, "none.jitprofile");

        Assert.Contains("was not written", JitProfile.Problem(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_OtherFirstLine_NamesTheHeader()
    {
        var file = Write("hello\n" + JitProfile.StageMethod + "\n");

        Assert.Contains(JitProfile.Header, JitProfile.Problem(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_NoStageCounts_NamesWhatIsMissing()
    {
        var file = Write(JitProfile.Header + ", max index = 3 ***\nMethodName: Other.Type.Method\n");

        Assert.Contains("holds no counts for Ledger.Core.Ingest.RecordProcessor.PrepareSubRange", JitProfile.Problem(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_OnlySomeStageMethods_NamesTheOthers()
    {
        // A short recording on a busy machine can end before the run scan's counting code is compiled.
        var file = Write(JitProfile.Header + ", max index = 3 ***\n" + JitProfile.StageMethod + "\n");

        var problem = JitProfile.Problem(file);

        Assert.Contains("Ledger.Core.Enrichment.MetadataEnricher.EnrichLowered", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("PrepareSubRange", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_HeaderAndEveryStageMethod_Null()
    {
        var file = Write(JitProfile.Header + ", max index = 3 ***\n@@@ codehash 0x1 methodhash 0x2 ilSize 0x3 records 0x0\n"
            + string.Join("\n", JitProfile.RequiredMethods) + "\n");

        Assert.Null(JitProfile.Problem(file));
    }

    [Fact]
    public void ReadSettings_RelativePath_AbsoluteAndTieredPgoOff()
    {
        var settings = JitProfile.ReadSettings("x.jitprofile").ToDictionary();

        // The runtime reads a text profile only with tiered PGO off; the daemon may run in another directory.
        Assert.Equal("0", settings["DOTNET_TieredPGO"]);
        Assert.Equal("1", settings["DOTNET_ReadPGOData"]);
        Assert.Equal(Path.GetFullPath("x.jitprofile"), settings[JitProfile.PathVariable]);
        Assert.Equal(JitProfile.ReadVariables, settings.Keys);
    }

    private string Write(string text)
    {
        var file = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".jitprofile");
        File.WriteAllText(file, text);
        return file;
    }
}
