using Ledger.Core.Records;

namespace Ledger.Core.Journal;

/// <summary>
/// A parsed journal record whose Message was kept as UTF-8 (<see cref="LedgerRecord.Message"/> is empty): what
/// <see cref="ParallelJournalReader.ReadFileUtf8Messages"/> yields.
/// </summary>
/// <param name="Record">Every field but the message.</param>
/// <param name="MessageUtf8">The message text as valid UTF-8; valid until the enumerator moves on.</param>
internal readonly record struct RecordWithUtf8Message(LedgerRecord Record, ReadOnlyMemory<byte> MessageUtf8);
