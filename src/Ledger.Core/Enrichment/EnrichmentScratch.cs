namespace Ledger.Core.Enrichment;

/// <summary>
/// One thread's working buffers for enriching a message (the lower-cased text, the run scan's bit masks, the keyword
/// counter's tables, the keywords picked), kept from message to message.
/// </summary>
/// <remarks>
/// Renting and returning four pooled arrays per message cost more than some of the work done in them (the shared
/// pool's per-thread lookup and bucket pops, ~2 % of the processing stage). A buffer grows to the largest message
/// seen up to <see cref="KeepLimit"/> elements; a larger request gets a fresh array that is not kept, so one huge
/// message does not pin megabytes per thread. Contents are left from earlier messages: every user writes before it
/// reads.
/// </remarks>
internal sealed class EnrichmentScratch
{
    /// <summary>Largest buffer kept, in elements: a 64 Ki-character message and its masks and tables.</summary>
    public const int KeepLimit = 1 << 17;

    private char[] _text = new char[1024];
    private ulong[] _runBits = new ulong[64];
    private KeywordCounter.Entry[] _counterEntries = new KeywordCounter.Entry[256];
    private int[] _counterBuckets = new int[1024];
    private int[] _runEdges = new int[1024];
    private string[] _keywords = new string[16];

    /// <summary>For the lower-cased text (with the run scan's padding).</summary>
    public char[] Text(int length) => AtLeast(ref _text, length);

    /// <summary>For <see cref="WordRunTokenizer"/>'s masks.</summary>
    public ulong[] RunBits(int length) => AtLeast(ref _runBits, length);

    /// <summary>For <see cref="KeywordCounter"/>'s entries.</summary>
    public KeywordCounter.Entry[] CounterEntries(int length) => AtLeast(ref _counterEntries, length);

    /// <summary>For <see cref="KeywordCounter"/>'s hash buckets.</summary>
    public int[] CounterBuckets(int length) => AtLeast(ref _counterBuckets, length);

    /// <summary>For <see cref="WordRunTokenizer.AsciiRuns"/>'s run starts and ends.</summary>
    public int[] RunEdges(int length) => AtLeast(ref _runEdges, length);

    /// <summary>For the keywords of the message being enriched (see <see cref="Records.MetadataFields.Keywords"/>).</summary>
    public string[] Keywords(int length) => AtLeast(ref _keywords, length);

    private static T[] AtLeast<T>(ref T[] kept, int length)
    {
        if (kept.Length >= length)
        {
            return kept;
        }
        if (length > KeepLimit)
        {
            return new T[length];
        }
        return kept = new T[Math.Max(length, Math.Min(KeepLimit, kept.Length * 2))];
    }
}
