namespace Ledger.Core.Verification;

/// <summary>How bad a verification finding is.</summary>
public enum ProblemSeverity
{
    /// <summary>Data is lost, damaged or inconsistent: verify fails.</summary>
    Error,

    /// <summary>Expected after a crash and repaired at the next start (a torn tail): verify still passes.</summary>
    Warning,
}
