using Ledger.Core.Records;

namespace Ledger.Cli.Commands;

/// <summary>The seed's flat pipe-delimited view: <c>{Timestamp}|{SpeakerName}|{chain_type}|{Message}</c>.</summary>
/// <remarks>Newlines in the message are shown as <c>\n</c> so one record stays one line.</remarks>
internal static class FlatLine
{
    public static string Format(LedgerRecord record) =>
        $"{LedgerRecordJson.FormatTimestamp(record.Timestamp)}|{record.SpeakerName}|{record.Metadata.ChainType}|{record.Message.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}";
}
