namespace Ledger.Daemon.Tests.Support;

/// <summary>What a SIGKILL left behind, before any restart touched it (evidence of where the kill landed).</summary>
/// <param name="TornTailBytes">Bytes after the journal's last newline (a batch cut mid-write).</param>
/// <param name="RotationInterrupted">The newest segment and the journal both hold some records (killed between the two rotation steps).</param>
/// <param name="SealLeftovers">Checkpoint, segment and journal temp files and unlisted checkpoint files (killed mid-seal or mid-rotation).</param>
/// <param name="MissingAcked">Ids acked before the kill that the files do not hold: lost acknowledged writes.</param>
internal sealed record KillScene(long TornTailBytes, bool RotationInterrupted, int SealLeftovers, IReadOnlyList<string> MissingAcked);
