namespace Ledger.Analytics.Model;

/// <summary>Collaboration score 0–100 = 20 × the sum of five components, each in [0, 1].</summary>
public sealed record CollaborationScore(double Score, ScoreComponents Components);
