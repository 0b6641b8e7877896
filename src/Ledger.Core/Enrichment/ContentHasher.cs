using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Core.Enrichment;

/// <summary>content_hash: lower-case hex MD5 of the message's UTF-8 bytes (DESIGN.md §6).</summary>
/// <remarks>MD5 is a content fingerprint for de-duplication and joins, not a security control.</remarks>
internal static class ContentHasher
{
    private const int StackLimitBytes = 1024;

    public static string Md5Hex(string message)
    {
        var max = Encoding.UTF8.GetMaxByteCount(message.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimitBytes ? stackalloc byte[StackLimitBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(message, buffer);
            Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
            MD5.HashData(buffer[..length], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
