using System.Buffers;
using System.Text;

namespace Ledger.Core.Enrichment;

/// <summary>content_hash: lower-case hex MD5 of the message's UTF-8 bytes (DESIGN.md §6).</summary>
/// <remarks>MD5 is a content fingerprint for de-duplication and joins, not a security control.</remarks>
internal static class ContentHasher
{
    private const int StackLimitBytes = 1024;

    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static string Md5Hex(string message)
    {
        // SkipLocalsInit: the 1 KiB stack buffer is written before it is read; zeroing it cost more than hashing.
        var max = Encoding.UTF8.GetMaxByteCount(message.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimitBytes ? stackalloc byte[StackLimitBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            return Md5Hex(buffer[..Encoding.UTF8.GetBytes(message, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The hash of text already encoded as UTF-8.</summary>
    public static string Md5Hex(ReadOnlySpan<byte> messageUtf8)
    {
        Span<byte> hash = stackalloc byte[Md5.HashSizeInBytes];
        Md5.HashData(messageUtf8, hash);
        return Convert.ToHexStringLower(hash);
    }
}
