using System.Globalization;

namespace Ledger.Core.Verification;

/// <summary>Collects findings, listing the first few of each kind and counting the rest.</summary>
internal sealed class ProblemLog(string root, int listedPerKind = 10)
{
    private readonly List<VerificationProblem> _listed = [];
    private readonly Dictionary<string, long> _perKind = new(StringComparer.Ordinal);

    public long ErrorCount { get; private set; }

    public long WarningCount { get; private set; }

    public void Error(string kind, string path, long? line, string description) =>
        Add(kind, ProblemSeverity.Error, path, line, description);

    public void Warning(string kind, string path, long? line, string description) =>
        Add(kind, ProblemSeverity.Warning, path, line, description);

    /// <summary>A path as problems show it: relative to the data directory.</summary>
    public string Relative(string path) => Path.GetRelativePath(root, path);

    /// <summary>Listed problems followed by one "… and N more" line per kind that overflowed.</summary>
    public IReadOnlyList<VerificationProblem> Listed()
    {
        var all = new List<VerificationProblem>(_listed);
        foreach (var (kind, count) in _perKind.Where(k => k.Value > listedPerKind))
        {
            all.Add(new VerificationProblem(ProblemSeverity.Error, "(not listed)", null,
                string.Create(CultureInfo.InvariantCulture, $"... and {count - listedPerKind} more {kind} problem(s)")));
        }
        return all;
    }

    private void Add(string kind, ProblemSeverity severity, string path, long? line, string description)
    {
        if (severity == ProblemSeverity.Error)
        {
            ErrorCount++;
        }
        else
        {
            WarningCount++;
        }
        var seen = _perKind[kind] = _perKind.GetValueOrDefault(kind) + 1;
        if (seen <= listedPerKind)
        {
            _listed.Add(new VerificationProblem(severity, Relative(path), line, description));
        }
    }
}
