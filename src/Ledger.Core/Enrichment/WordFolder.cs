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
    /// <summary>Folds <paramref name="word"/> in place (it only ever shrinks) and returns the new length.</summary>
    public static int Fold(Span<char> word)
    {
        var n = word.Length;
        if (n >= 5 && (EndsWith(word, n, "ies") || EndsWith(word, n, "ied")))
        {
            word[n - 3] = 'y';
            n -= 2;
        }
        else if (n >= 4 && EndsWith(word, n, "es") && (EndsWith(word, n - 2, "s") || EndsWith(word, n - 2, "x")
                     || EndsWith(word, n - 2, "z") || EndsWith(word, n - 2, "ch") || EndsWith(word, n - 2, "sh")))
        {
            n -= 2;
        }
        else if (n >= 4 && word[n - 1] == 's' && !EndsWith(word, n, "ss") && !EndsWith(word, n, "us") && !EndsWith(word, n, "is"))
        {
            n -= 1;
        }
        else if (n >= 5 && EndsWith(word, n, "ed") && !EndsWith(word, n, "eed") && HasVowel(word[..(n - 2)]))
        {
            n = Undouble(word, n - 2);
        }
        else if (n >= 6 && EndsWith(word, n, "ing") && HasVowel(word[..(n - 3)]))
        {
            n = Undouble(word, n - 3);
        }
        if (n >= 4 && word[n - 1] == 'e' && word[n - 2] != 'e')
        {
            n -= 1;
        }
        return n;
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

    private static bool EndsWith(Span<char> word, int length, string suffix) =>
        length >= suffix.Length && word[..length].EndsWith(suffix.AsSpan(), StringComparison.Ordinal);

    private static bool HasVowel(Span<char> stem) => stem.Length >= 3 && stem.IndexOfAny("aeiouy") >= 0;
}
