using System.Runtime.InteropServices;
using Ledger.Zmq.Native;

namespace Ledger.Zmq;

/// <summary>A libzmq call failed; carries errno and zmq_strerror's text.</summary>
public sealed class ZmqException : Exception
{
    public ZmqException(string operation, int errorNumber)
        : base($"{operation} failed: {Describe(errorNumber)} (errno {errorNumber})")
    {
        ErrorNumber = errorNumber;
    }

    /// <summary>The errno libzmq reported.</summary>
    public int ErrorNumber { get; }

    /// <summary>True when the context was shut down (ETERM): the owning thread should close its socket and exit.</summary>
    public bool IsContextTerminated => ErrorNumber == ZmqErrors.ETERM;

    internal static ZmqException FromLastError(string operation) => new(operation, Marshal.GetLastPInvokeError());

    private static string Describe(int errorNumber)
    {
        try
        {
            return Marshal.PtrToStringUTF8(LibZmq.zmq_strerror(errorNumber)) ?? "unknown error";
        }
        catch (DllNotFoundException)
        {
            return "unknown error";
        }
    }
}
