namespace Ledger.Daemon.Tests.Support;

/// <summary>What <see cref="HistoryChecker"/> found in a data directory at rest.</summary>
/// <param name="Ids">Every Id in the history (segments then journal), in Sequence order.</param>
/// <param name="LastSequence">Highest Sequence in the history.</param>
/// <param name="Segments">Rotated segments under sessions/.</param>
/// <param name="Checkpoints">Checkpoints listed in the manifest.</param>
/// <param name="InvalidLines">Lines that do not parse, partial last lines and empty lines, in any file.</param>
/// <param name="DuplicatedIds">Extra copies of an Id (0 when every Id appears once).</param>
/// <param name="Leftovers">Temp files and unlisted checkpoint files still there at rest; must be none, because
/// start-up removes what a killed seal or rotation left behind (the crash suite found the rotation temp leak).</param>
/// <param name="Problems">Every violated invariant, one sentence each; empty when the directory is sound.</param>
internal sealed record HistoryReport(
    IReadOnlyList<string> Ids,
    long LastSequence,
    int Segments,
    int Checkpoints,
    int InvalidLines,
    int DuplicatedIds,
    IReadOnlyList<string> Leftovers,
    IReadOnlyList<string> Problems);
