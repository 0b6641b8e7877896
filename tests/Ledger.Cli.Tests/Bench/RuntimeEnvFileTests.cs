using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests.Bench;

public sealed class RuntimeEnvFileTests
{
    [Fact]
    public void Parse_CommentsBlankLinesAndSettings_SettingsInOrder()
    {
        var settings = RuntimeEnvFile.Parse("# comment\n\nDOTNET_GCgen0size=0x1000000\r\nA_B=x=y\n", "runtime.env");

        Assert.Equal([new("DOTNET_GCgen0size", "0x1000000"), new("A_B", "x=y")], settings);
    }

    [Theory]
    [InlineData("no equals sign")]
    [InlineData("=value")]
    [InlineData("1ABC=x")]
    [InlineData("A B=x")]
    public void Parse_NotKeyValue_FormatExceptionNamingFileAndLine(string line)
    {
        var error = Assert.Throws<FormatException>(() => RuntimeEnvFile.Parse("# ok\n" + line, "config/runtime.env"));

        Assert.StartsWith("config/runtime.env:2:", error.Message);
    }

    [Fact]
    public void ForDaemon_ShippedFile_SetsGen0Budget()
    {
        var root = Ledger.Cli.CliDefaults.ProjectRoot() ?? throw new InvalidOperationException("not run inside the repository");
        var shipped = RuntimeEnvFile.Parse(File.ReadAllText(Path.Combine(root, "config", "runtime.env")), "runtime.env");

        Assert.Contains(shipped, s => s.Key == "DOTNET_GCgen0size");
    }

    [Fact]
    public void AsApplied_OneVariableSetInEnvironment_ItsValueAndTheOtherNotSet()
    {
        var root = Path.Combine(Path.GetTempPath(), "ledger-runtime-env-" + Guid.NewGuid().ToString("N")[..8]);
        var set = "LEDGER_TEST_SET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var unset = "LEDGER_TEST_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Directory.CreateDirectory(Path.Combine(root, "config"));
        try
        {
            File.WriteAllText(Path.Combine(root, "config", "runtime.env"), $"{set}=from-file\n{unset}=from-file\n");
            Environment.SetEnvironmentVariable(set, "from-environment");

            var applied = RuntimeEnvFile.AsApplied(root);

            Assert.Equal([new(set, "from-environment"), new(unset, RuntimeEnvFile.NotSet)], applied);
            Assert.Equal([new(unset, "from-file")], RuntimeEnvFile.ForDaemon(root));
        }
        finally
        {
            Environment.SetEnvironmentVariable(set, null);
            Directory.Delete(root, recursive: true);
        }
    }
}
