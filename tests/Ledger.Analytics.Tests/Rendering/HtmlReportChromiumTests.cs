using System.Diagnostics;
using Ledger.Analytics.Rendering;
using Ledger.Analytics.Tests.Support;
using Xunit.Abstractions;

namespace Ledger.Analytics.Tests.Rendering;

/// <summary>Opens the HTML report in a real browser: it must load cleanly and data must stay text.</summary>
public sealed class HtmlReportChromiumTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [ChromiumFact]
    public async Task Render_OpenedInHeadlessChromium_ChartsAndEscapedTextNoConsoleErrors()
    {
        _data.AppendJournal(HandComputedFixture.Records());
        _data.AppendJournal(ReportFixtures.Hostile());
        var reportPath = Path.Combine(_data.Subdirectory("reports"), "report.html");
        await File.WriteAllTextAsync(reportPath, HtmlReportRenderer.Render(AnalyticsEngine.Run(_data.Path, new ReportOptions())));

        var (exitCode, dom, stderr) = await DumpDomAsync(reportPath, _data.Subdirectory("chromium-profile"));
        output.WriteLine(stderr);

        Assert.Equal(0, exitCode);
        // Chromium logs every page console message (console.error, uncaught exceptions, CSP violations) as
        // "[pid:tid:time:INFO:CONSOLE:line] ..." with --enable-logging=stderr; the report has no script, so expect none.
        var consoleErrors = stderr.Split('\n')
            .Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(consoleErrors);
        Assert.Equal(5, dom.Split("<svg ").Length - 1);
        Assert.Contains("<rect", dom, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(int ExitCode, string Dom, string Stderr)> DumpDomAsync(string htmlPath, string profileDirectory)
    {
        var start = new ProcessStartInfo(ChromiumFactAttribute.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profileDirectory}", "--enable-logging=stderr", "--v=0",
            "--dump-dom", new Uri(htmlPath).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
