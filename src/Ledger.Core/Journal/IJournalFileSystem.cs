namespace Ledger.Core.Journal;

/// <summary>Opens the journal's append-only files; replaced in fault-injection tests.</summary>
public interface IJournalFileSystem
{
    /// <summary>Opens (creating if needed) a file for appending at its end.</summary>
    IAppendOnlyFile OpenAppend(string path);
}
