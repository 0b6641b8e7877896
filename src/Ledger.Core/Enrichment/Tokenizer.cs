using System.Globalization;
using System.Text;

namespace Ledger.Core.Enrichment;

/// <summary>Splits text into word tokens: runs of letters and digits, any script, no allocation.</summary>
/// <remarks>
/// Japanese has no spaces, so a run is also cut where the script changes between Katakana and Han, and Hiragana
/// (mostly particles and inflection) separates words: "データベースのスキーマを変更" yields データベース, スキーマ, 変更.
/// Combining marks stay inside their word so Devanagari or decomposed Latin text is not split mid-letter.
/// </remarks>
internal ref struct Tokenizer
{
    /// <summary>
    /// Two bits per BMP character, its <see cref="CharKind"/> by Unicode category alone (None, Word or Mark): the
    /// runtime's category and letter-or-digit lookups cost two multi-level table walks per character, most of the
    /// tokenizer's time in Cyrillic, Greek or accented text. Script ranges (Kana, Han) are still tested first.
    /// </summary>
    private static readonly ulong[] s_categoryKinds = BuildCategoryKinds();

    private readonly ReadOnlySpan<char> _text;
    private int _position;

    public Tokenizer(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
    }

    /// <summary>Advances to the next token; <paramref name="isCjk"/> marks Han or Katakana tokens.</summary>
    public bool MoveNext(out int start, out int length, out bool isCjk)
    {
        var text = _text;
        var i = _position;
        var kind = CharKind.None;
        var width = 1;
        // ASCII is tested inline: agent traffic is mostly English, and a call per character was a third of enrichment.
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    kind = CharKind.Word;
                    width = 1;
                    break;
                }
                i++;
                continue;
            }
            if ((kind = Classify(text, i, out width)) != CharKind.None)
            {
                break;
            }
            i += width;
        }
        if (i >= text.Length)
        {
            _position = i;
            start = length = 0;
            isCjk = false;
            return false;
        }
        start = i;
        i += width;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                // An ASCII letter or digit continues only a Word run; anything else ASCII ends every run.
                if (kind == CharKind.Word && char.IsAsciiLetterOrDigit(c))
                {
                    i++;
                    continue;
                }
                break;
            }
            var next = Classify(text, i, out width);
            if (next != kind && !(next == CharKind.Mark && kind == CharKind.Word))
            {
                break;
            }
            i += width;
        }
        _position = i;
        length = i - start;
        isCjk = kind is CharKind.Han or CharKind.Katakana;
        return true;
    }

    private static CharKind Classify(ReadOnlySpan<char> text, int index, out int width)
    {
        width = 1;
        var c = text[index];
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c) ? CharKind.Word : CharKind.None;
        }
        if (c is >= '\u3040' and <= '\u309F')
        {
            return CharKind.None;
        }
        if (c is >= '\u30A0' and <= '\u30FF' or >= '\uFF66' and <= '\uFF9F')
        {
            return CharKind.Katakana;
        }
        if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF')
        {
            return CharKind.Han;
        }
        if (char.IsSurrogate(c))
        {
            if (Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return CharKind.None;
            }
            width = consumed;
            return Rune.IsLetterOrDigit(rune) ? CharKind.Word : CharKind.None;
        }
        return (CharKind)((s_categoryKinds[c >> 5] >> ((c & 31) * 2)) & 3);
    }

    /// <summary>The kind a character has by its Unicode category, for a BMP character outside the script ranges above.</summary>
    private static CharKind CategoryKind(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => CharKind.Mark,
        _ when char.IsLetterOrDigit(c) => CharKind.Word,
        _ => CharKind.None,
    };

    private static ulong[] BuildCategoryKinds()
    {
        var table = new ulong[65536 / 32];
        for (var c = 0; c < 65536; c++)
        {
            table[c >> 5] |= (ulong)CategoryKind((char)c) << ((c & 31) * 2);
        }
        return table;
    }

    /// <summary>What a character does to a token; the first three fit the two bits of <see cref="s_categoryKinds"/>.</summary>
    private enum CharKind
    {
        None,
        Word,
        Mark,
        Katakana,
        Han,
    }
}
