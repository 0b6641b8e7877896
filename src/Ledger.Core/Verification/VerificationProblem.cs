using System.Globalization;

namespace Ledger.Core.Verification;

/// <summary>One finding of <see cref="DataDirectoryVerifier"/>.</summary>
/// <param name="Severity">Error (verify fails) or warning.</param>
/// <param name="File">Path relative to the data directory, e.g. <c>sessions/…jsonl.gz</c> or <c>checkpoints/index.json</c>.</param>
/// <param name="Line">1-based line number inside <paramref name="File"/> when the finding is about one line.</param>
/// <param name="Description">What is wrong, for a person.</param>
public sealed record VerificationProblem(ProblemSeverity Severity, string File, long? Line, string Description)
{
    /// <summary><c>error: file:line: description</c>.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{File}:{line}") : File;
        return $"{(Severity == ProblemSeverity.Error ? "error" : "warning")}: {where}: {Description}";
    }
}
