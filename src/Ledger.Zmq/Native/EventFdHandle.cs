using Microsoft.Win32.SafeHandles;

namespace Ledger.Zmq.Native;

/// <summary>
/// An eventfd(2), closed once no call is using it (SafeHandle's reference count), so a set racing a dispose never
/// writes to a reused descriptor; closed by the finalizer if never disposed.
/// </summary>
internal sealed class EventFdHandle : SafeHandleMinusOneIsInvalid
{
    public EventFdHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => EventFd.Close(handle) == 0;
}
