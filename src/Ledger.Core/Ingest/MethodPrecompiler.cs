using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ledger.Core.Ingest;

/// <summary>Compiles a type's methods ahead of their first call, so the first message down a path does not wait for the JIT.</summary>
/// <remarks>
/// The daemon runs without tiered compilation: each method is compiled fully optimised on its first call, from a
/// tenth of a millisecond to a few milliseconds each. <see cref="ProcessorWarmUp"/> runs the processing stage on
/// made-up frames; the socket, hand-off, journal and ack paths cannot run without real peers and files, so their
/// methods are compiled without running them (<see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/>).
/// Before, the first ack after a start waited for some thirty of them (docs/PERFORMANCE.md, fourteenth session).
/// </remarks>
public static class MethodPrecompiler
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// Compiles every method <paramref name="types"/> and their nested types declare, except those that have no code
    /// of their own to compile (abstract, open generic, native imports) and virtual ones; returns how many it compiled.
    /// </summary>
    /// <remarks>A generic type is compiled for the instantiation given (pass <c>typeof(Queue&lt;Item&gt;)</c>, not <c>typeof(Queue&lt;&gt;)</c>).</remarks>
    public static int PrepareDeclaredMethods(params ReadOnlySpan<Type> types)
    {
        var prepared = 0;
        foreach (var type in types)
        {
            ArgumentNullException.ThrowIfNull(type);
            prepared += Prepare(type);
        }
        return prepared;
    }

    private static int Prepare(Type type)
    {
        if (type.ContainsGenericParameters)
        {
            // An open generic type (or a nested type of a generic one) has no code until it is instantiated.
            return 0;
        }
        var instantiation = type.IsGenericType ? Array.ConvertAll(type.GenericTypeArguments, t => t.TypeHandle) : null;
        var prepared = 0;
        foreach (var method in type.GetMethods(Declared))
        {
            if (!HasOwnCode(method))
            {
                continue;
            }
            if (instantiation is null)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
            else
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
            }
            prepared++;
        }
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
        {
            prepared += Prepare(nested);
        }
        return prepared;
    }

    private static bool HasOwnCode(MethodInfo method) =>
        !method.IsAbstract
        && !method.ContainsGenericParameters
        // Left out, measured: a sealed class's interface methods were still compiled on their first call after
        // PrepareMethod (CoreCLR compiles through the method's own entry point, which a virtual call does not use).
        && !method.IsVirtual
        // A native import's stub is made on first call and needs its library; an entry point for native callers
        // cannot be prepared as a managed method.
        && (method.Attributes & MethodAttributes.PinvokeImpl) == 0
        && (method.MethodImplementationFlags & MethodImplAttributes.InternalCall) == 0
        && !method.IsDefined(typeof(UnmanagedCallersOnlyAttribute), inherit: false);
}
