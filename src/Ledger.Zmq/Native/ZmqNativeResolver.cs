using System.Reflection;
using System.Runtime.InteropServices;

namespace Ledger.Zmq.Native;

/// <summary>Finds libzmq under the names each platform ships it as (binding brief §8).</summary>
/// <remarks>
/// Debian's runtime package libzmq5 installs only <c>libzmq.so.5</c>; the unversioned <c>libzmq.so</c> comes with the
/// -dev package, so the default probing of <c>DllImport("libzmq")</c> fails on a plain runtime host.
/// <c>LEDGER_LIBZMQ_PATH</c> names an explicit file first.
/// </remarks>
internal static class ZmqNativeResolver
{
    private static readonly string[] s_candidates =
    [
        "libzmq.so.5", "libzmq.so", "libzmq.5.dylib", "libzmq.dylib",
        "/opt/homebrew/lib/libzmq.5.dylib", "/usr/local/lib/libzmq.5.dylib", "libzmq.dll", "libzmq-mt-4_3_5.dll", "libzmq-mt-4_3_4.dll",
    ];

    private static int s_installed;

    /// <summary>Installs the resolver for this assembly once; safe to call from every entry point.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(ZmqNativeResolver).Assembly, Resolve);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibZmq.Name)
        {
            return 0;
        }
        var explicitPath = Environment.GetEnvironmentVariable("LEDGER_LIBZMQ_PATH");
        if (!string.IsNullOrEmpty(explicitPath) && NativeLibrary.TryLoad(explicitPath, out var handle))
        {
            return handle;
        }
        foreach (var candidate in s_candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException(MissingLibraryMessage);
    }

    /// <summary>What to tell a user whose machine has no libzmq.</summary>
    public const string MissingLibraryMessage =
        "libzmq (ZeroMQ 4.3+) was not found. Install it:\n" +
        "  Debian/Ubuntu: sudo apt-get install libzmq5\n" +
        "  Fedora:        sudo dnf install zeromq\n" +
        "  macOS:         brew install zeromq\n" +
        "  Windows:       vcpkg install zeromq (then put libzmq.dll on PATH)\n" +
        "or set LEDGER_LIBZMQ_PATH to the library file.";
}
