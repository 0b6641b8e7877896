namespace Ledger.Core.Enrichment;

/// <summary>A deliberately small English stemmer so "tests", "testing" and "tested" all match the keyword "test".</summary>
/// <remarks>
/// Applied identically to rule words and message tokens, so only consistency matters, not linguistic truth:
/// "release", "releases", "released" and "releasing" all fold to "releas". Steps, on lower-case text:
/// -ies/-ied → -y; -es after s, x, z, ch, sh → drop "es"; other -s (not -ss, -us, -is) → drop "s";
/// -ed (not -eed) and -ing → drop when a vowel stays in a stem of 3+ letters, then undouble b/d/g/m/n/p/r/t
/// ("stopped" → "stop", but "passed" → "pass"); finally a trailing single "e" is dropped from words of 4+ letters.
/// </remarks>
internal static class WordFolder
{
    private static readonly System.Buffers.SearchValues<char> Vowels = System.Buffers.SearchValues.Create("aeiouy");

    /// <summary>Folds <paramref name="word"/> in place (it only ever shrinks) and returns the new length.</summary>
    /// <remarks>Dispatches on the last letter: this runs for every token of every message.</remarks>
    public static int Fold(Span<char> word)
    {
        var n = word.Length;
        if (n < 4)
        {
            return n;
        }
        switch (word[n - 1])
        {
            case 's':
                n = FoldS(word, n);
                break;
            case 'd' when n >= 5 && word[n - 2] == 'e':
                if (word[n - 3] == 'i')
                {
                    word[n - 3] = 'y';
                    n -= 2;
                }
                else if (word[n - 3] != 'e' && HasVowel(word[..(n - 2)]))
                {
                    n = Undouble(word, n - 2);
                }
                break;
            case 'g' when n >= 6 && word[n - 2] == 'n' && word[n - 3] == 'i' && HasVowel(word[..(n - 3)]):
                n = Undouble(word, n - 3);
                break;
        }
        if (n >= 4 && word[n - 1] == 'e' && word[n - 2] != 'e')
        {
            n -= 1;
        }
        return n;
    }

    private static int FoldS(Span<char> word, int n)
    {
        var before = word[n - 2];
        if (before == 'e')
        {
            if (n >= 5 && word[n - 3] == 'i')
            {
                word[n - 3] = 'y';
                return n - 2;
            }
            var stemEnd = word[n - 3];
            if (stemEnd is 's' or 'x' or 'z' || (stemEnd == 'h' && word[n - 4] is 'c' or 's'))
            {
                return n - 2;
            }
        }
        return before is 's' or 'u' or 'i' ? n : n - 1;
    }

    /// <summary>Folds a rule word; used when rules are compiled, not on the hot path.</summary>
    public static string Fold(string word)
    {
        var chars = word.ToLowerInvariant().ToCharArray();
        return new string(chars, 0, Fold(chars));
    }

    private static int Undouble(Span<char> word, int n)
    {
        if (n >= 4 && word[n - 1] == word[n - 2] && word[n - 1] is 'b' or 'd' or 'g' or 'm' or 'n' or 'p' or 'r' or 't')
        {
            return n - 1;
        }
        return n;
    }

    private static bool HasVowel(Span<char> stem) => stem.Length >= 3 && stem.IndexOfAny(Vowels) >= 0;
}
