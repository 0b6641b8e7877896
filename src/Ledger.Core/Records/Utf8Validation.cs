using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Ledger.Core.Records;

/// <summary>Finds the first byte that breaks UTF-8, so a rejection can point at it.</summary>
internal static class Utf8Validation
{
    /// <summary>Returns -1 for valid UTF-8, else the offset of the first invalid sequence.</summary>
    public static int FindFirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        // The vectorized check costs a fraction of the JSON parse; the slow walk runs only for bad frames.
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }
}
