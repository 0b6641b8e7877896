using System.Globalization;

namespace Ledger.Core.Journal;

/// <summary>Names of rotated journal segments: <c>sessions/{first:D20}-{last:D20}.jsonl.gz</c>.</summary>
/// <remarks>Zero-padded Sequence ranges sort by name in Sequence order, and tell a reader what a segment holds without opening it.</remarks>
public static class SegmentName
{
    public const string Extension = ".jsonl.gz";

    public static string For(long firstSequence, long lastSequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{firstSequence:D20}-{lastSequence:D20}{Extension}");

    /// <summary>Reads the Sequence range out of a segment file name (or path); false for any other name.</summary>
    public static bool TryParse(string pathOrName, out long firstSequence, out long lastSequence)
    {
        firstSequence = lastSequence = 0;
        var name = Path.GetFileName(pathOrName);
        if (!name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }
        var range = name[..^Extension.Length].Split('-');
        return range.Length == 2
            && long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence)
            && long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out lastSequence)
            && firstSequence <= lastSequence;
    }
}
