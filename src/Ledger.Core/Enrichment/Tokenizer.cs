using System.Globalization;
using System.Runtime.CompilerServices;
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
    /// Each BMP character's <see cref="CharKind"/>, four bits a character (32 KB), built once by <see cref="KindOf"/>:
    /// the runtime's category and letter-or-digit lookups cost two multi-level table walks a character, most of the
    /// tokenizer's time in Cyrillic, Greek or accented text, and one load leaves <see cref="Classify"/> small enough
    /// to inline into the scan loops.
    /// </summary>
    private static readonly byte[] s_kinds = BuildKinds();

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
        while (i < text.Length && (kind = Classify(text, i, out width)) == CharKind.None)
        {
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
            // A run goes on through characters of its own kind, and a word through combining marks too.
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static CharKind Classify(ReadOnlySpan<char> text, int index, out int width)
    {
        var c = text[index];
        if (char.IsSurrogate(c))
        {
            return ClassifySupplementary(text, index, out width);
        }
        width = 1;
        return (CharKind)((s_kinds[c >> 1] >> ((c & 1) << 2)) & 0xF);
    }

    /// <summary>A surrogate: a supplementary letter or digit is a word character; anything else, a lone surrogate included, is not.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CharKind ClassifySupplementary(ReadOnlySpan<char> text, int index, out int width)
    {
        width = 1;
        if (Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
        {
            return CharKind.None;
        }
        width = consumed;
        return Rune.IsLetterOrDigit(rune) ? CharKind.Word : CharKind.None;
    }

    /// <summary>The kind of a BMP character that is not a surrogate: the rules the table <see cref="s_kinds"/> holds.</summary>
    private static CharKind KindOf(char c)
    {
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
        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => CharKind.Mark,
            _ when char.IsLetterOrDigit(c) => CharKind.Word,
            _ => CharKind.None,
        };
    }

    private static byte[] BuildKinds()
    {
        var table = new byte[65536 / 2];
        for (var c = 0; c < 65536; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                table[c >> 1] |= (byte)((int)KindOf((char)c) << ((c & 1) << 2));
            }
        }
        return table;
    }

    /// <summary>What a character does to a token.</summary>
    private enum CharKind
    {
        None,
        Word,
        Mark,
        Katakana,
        Han,
    }
}
