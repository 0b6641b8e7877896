using System.Text.RegularExpressions;

namespace Ledger.Core.Checkpoints;

/// <summary>Checkpoint labels end up in file names, so only letters, digits, '-' and '_' (1–64 characters).</summary>
public static partial class CheckpointLabel
{
    /// <summary>The label the timer uses.</summary>
    public const string Automatic = "auto";

    public static bool IsValid(string? label) => label is not null && Pattern().IsMatch(label);

    /// <summary>Throws <see cref="ArgumentException"/> with a readable reason for an invalid label.</summary>
    public static void Validate(string? label)
    {
        if (!IsValid(label))
        {
            throw new ArgumentException($"invalid checkpoint label '{label}': use 1-64 letters, digits, '-' or '_'", nameof(label));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();
}
