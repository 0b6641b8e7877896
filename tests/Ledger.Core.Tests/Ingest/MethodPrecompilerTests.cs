using System.Runtime.InteropServices;
using Ledger.Core.Ingest;

namespace Ledger.Core.Tests.Ingest;

public sealed partial class MethodPrecompilerTests
{
    [Fact]
    public void PrepareDeclaredMethods_TypeWithNestedType_CompilesEveryMethodWithCodeOfItsOwn()
    {
        // Instance, Static, get_Property and Nested.Method; not the generic method, the interface method or the import.
        Assert.Equal(4, MethodPrecompiler.PrepareDeclaredMethods(typeof(Sample)));
    }

    [Fact]
    public void PrepareDeclaredMethods_ClosedGenericType_CompilesItsInstantiation()
    {
        Assert.Equal(2, MethodPrecompiler.PrepareDeclaredMethods(typeof(Box<string>), typeof(Box<int>)));
    }

    [Fact]
    public void PrepareDeclaredMethods_OpenGenericType_CompilesNothing()
    {
        Assert.Equal(0, MethodPrecompiler.PrepareDeclaredMethods(typeof(Box<>)));
    }

    [Fact]
    public void PrepareDeclaredMethods_SeveralTypes_AddsTheirCounts()
    {
        Assert.Equal(5, MethodPrecompiler.PrepareDeclaredMethods(typeof(Sample), typeof(Box<long>)));
    }

    [Fact]
    public void PrepareDeclaredMethods_CompiledMethods_StillRun()
    {
        MethodPrecompiler.PrepareDeclaredMethods(typeof(Sample), typeof(Box<string>));

        Assert.Equal(42, new Sample().Instance(41));
        Assert.Equal("x", new Box<string>("x").Value());
    }

    private sealed partial class Sample : IDisposable
    {
        public int Property => 3;

        public int Instance(int x) => x + 1;

        public static int Static(int x) => x * 2;

        public static T Generic<T>(T value) => value;

        public void Dispose()
        {
        }

        [LibraryImport("libc", EntryPoint = "getpid")]
        private static partial int GetPid();

        private sealed class Nested
        {
            public static int Method() => 1;
        }
    }

    private sealed class Box<T>(T value)
    {
        public T Value() => value;
    }
}
