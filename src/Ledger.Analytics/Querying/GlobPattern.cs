namespace Ledger.Analytics.Querying;

/// <summary>A shell-style pattern: <c>*</c> matches any run of characters, <c>?</c> exactly one; case-insensitive.</summary>
/// <remarks>Matched by the classic greedy-with-backtrack loop: linear in practice, no regex compilation, no ReDoS.</remarks>
public sealed class GlobPattern
{
    private readonly string _pattern;

    public GlobPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        _pattern = pattern;
    }

    public override string ToString() => _pattern;

    public bool IsMatch(string? text)
    {
        if (text is null)
        {
            return false;
        }
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < _pattern.Length && (_pattern[p] == '?' || CharEquals(_pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (p < _pattern.Length && _pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < _pattern.Length && _pattern[p] == '*')
        {
            p++;
        }
        return p == _pattern.Length;
    }

    private static bool CharEquals(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
