using System.Text;
using Ledger.Zmq.Native;

namespace Ledger.Zmq.Curve;

/// <summary>Z85 (ZeroMQ RFC 32) text encoding of binary keys, done by libzmq's own zmq_z85_encode/decode.</summary>
/// <remarks>
/// Using libzmq's implementation rather than a managed one guarantees the text is exactly what CURVE_*KEY options and
/// every other libzmq-based peer (pyzmq, CZMQ) expect.
/// </remarks>
public static unsafe class Z85
{
    /// <summary>Encodes <paramref name="data"/>, whose length must be a multiple of 4, as Z85 text (5 chars per 4 bytes).</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of 4.</exception>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException($"Z85 encodes whole 4-byte groups; got {data.Length} bytes", nameof(data));
        }
        ZmqNativeResolver.Install();
        var destination = new byte[(data.Length / 4 * 5) + 1];
        fixed (byte* source = data)
        fixed (byte* target = destination)
        {
            // zmq_z85_encode reads nothing for size 0 but still writes the terminating NUL.
            if (LibZmq.zmq_z85_encode(target, source, (nuint)data.Length) == null)
            {
                throw new ArgumentException("zmq_z85_encode refused the input", nameof(data));
            }
        }
        return Encoding.ASCII.GetString(destination, 0, destination.Length - 1);
    }

    /// <summary>Decodes Z85 text, whose length must be a multiple of 5, into bytes (4 per 5 chars).</summary>
    /// <exception cref="FormatException">The length is wrong or a character is outside the Z85 alphabet.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryDecode(text, out var bytes))
        {
            throw new FormatException($"not Z85 text (length {text.Length}; must be a multiple of 5 from the Z85 alphabet)");
        }
        return bytes;
    }

    /// <summary>Decodes Z85 text; false when it is not valid Z85.</summary>
    public static bool TryDecode(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = null;
        if (text.Length % 5 != 0)
        {
            return false;
        }
        foreach (var c in text)
        {
            // libzmq 4.3.4 indexes its decoder table with (char - 32) without checking the range, so characters
            // outside printable ASCII are refused here before they reach native code.
            if (c <= ' ' || c > '}' || c is '"' or '\'' or ',' or ';' or '\\' or '_' or '`' or '|' or '~')
            {
                return false;
            }
        }
        ZmqNativeResolver.Install();
        var source = new byte[text.Length + 1];
        Encoding.ASCII.GetBytes(text, source);
        var destination = new byte[text.Length / 5 * 4];
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            if (LibZmq.zmq_z85_decode(output, input) == null)
            {
                return false;
            }
        }
        bytes = destination;
        return true;
    }
}
