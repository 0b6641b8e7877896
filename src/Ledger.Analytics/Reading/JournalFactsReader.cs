using Ledger.Core;
using Ledger.Core.Journal;

namespace Ledger.Analytics.Reading;

/// <summary>Streams <see cref="RecordFacts"/> over a data directory in <see cref="JournalReader.ReadAll"/> order.</summary>
/// <remarks>
/// Lines come from <see cref="JournalReader.ReadLines"/> (rotated segments oldest first, then the active journal), so
/// torn tails and gzip segments are handled exactly as everywhere else. The yielded instance is reused: consume it
/// before advancing.
/// </remarks>
internal static class JournalFactsReader
{
    public static IEnumerable<RecordFacts> ReadAll(string dataDirectory, Action<string, long>? onInvalidLine = null)
    {
        var layout = new DataDirectoryLayout(dataDirectory);
        var files = layout.SegmentFiles().ToList();
        if (File.Exists(layout.Journal))
        {
            files.Add(layout.Journal);
        }
        var parser = new RecordFactsParser();
        var facts = new RecordFacts();
        foreach (var file in files)
        {
            foreach (var (line, number) in JournalReader.ReadLines(file))
            {
                if (parser.TryParse(line.Span, facts))
                {
                    yield return facts;
                }
                else
                {
                    onInvalidLine?.Invoke(file, number);
                }
            }
        }
    }
}
