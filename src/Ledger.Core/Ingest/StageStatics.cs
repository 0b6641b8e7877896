using System.Runtime.CompilerServices;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>Runs the static constructors of the processing stage's types before any of its methods is compiled.</summary>
/// <remarks>
/// <para>
/// The daemon compiles each method once, on its first call, without tiers. A method that reads a static readonly
/// field of a class whose static constructor has not run yet is compiled with a check for it and a load of the
/// field on every pass; once the class is initialized, the JIT takes the field's value as a constant (the hash seed
/// of <see cref="WordMemo"/>, a table's address) and knows the exact type of the object it holds, so a
/// <see cref="System.Buffers.SearchValues{T}"/> search is called directly. Before, the run scan's hot loop tested
/// <see cref="WordMemo"/>'s initialization flag and loaded its seed for every token.
/// </para>
/// <para>
/// It also builds the 8–32 KB character tables (case, token kinds, JSON verbatim) at start-up rather than inside
/// the first message that needs them (~1 ms each).
/// </para>
/// <para>
/// <see cref="RecordProcessor"/>'s constructor calls it; the daemon calls it first thing in recovery too, whose Id
/// window fill compiles <see cref="KnownIds"/>'s methods before any processor exists.
/// </para>
/// </remarks>
public static class StageStatics
{
    private static readonly Type[] s_types =
    [
        typeof(WordMemo),
        typeof(Tokenizer),
        typeof(LowerCase),
        typeof(WordFolder),
        typeof(ClientMetadataMerger),
        typeof(JsonVerbatim),
        typeof(JournalLineWriter),
        typeof(SeedFrameScanner),
        typeof(SeedFrameTokens),
        typeof(LedgerRecordJson),
        typeof(KnownIds),
        typeof(RecordProcessor),
    ];

    /// <summary>Runs them (once; later calls return at once).</summary>
    public static void EnsureInitialized()
    {
        foreach (var type in s_types)
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }
    }
}
