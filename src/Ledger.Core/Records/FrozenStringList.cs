using System.Collections.ObjectModel;

namespace Ledger.Core.Records;

/// <summary>
/// A list of strings that can never change: a read-only view of an array that only this object holds. Code that
/// keeps something derived from a list by reference (the journal writer's text of a shared shl_tags list) may rely on
/// it staying the same; it cannot on any other <see cref="IReadOnlyList{T}"/>.
/// </summary>
internal sealed class FrozenStringList : ReadOnlyCollection<string>
{
    /// <summary>Takes <paramref name="owned"/> over: the caller must not keep it.</summary>
    public FrozenStringList(string[] owned)
        : base(owned)
    {
    }

    /// <summary>The strings, without copying.</summary>
    public ReadOnlySpan<string> AsSpan() => (string[])Items;
}
