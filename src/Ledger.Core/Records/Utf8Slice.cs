namespace Ledger.Core.Records;

/// <summary>Where one string value lies in a <see cref="JournalRowBuffer"/>: <c>Length</c> &lt; 0 is JSON null.</summary>
internal readonly record struct Utf8Slice(int Start, int Length)
{
    public static readonly Utf8Slice Null = new(0, -1);

    public bool IsNull => Length < 0;
}
