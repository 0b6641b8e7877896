using System.IO.Compression;
using System.Text;
using Ledger.Core.Checkpoints;
using Ledger.Core.Journal;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;
using Ledger.Core.Verification;

namespace Ledger.Core.Tests.Verification;

/// <summary>A data directory per test and builders for the verifier tests.</summary>
public abstract class VerifierTestBase : IDisposable
{
    protected static readonly UTF8Encoding Utf8 = new(false);

    private protected CheckpointedDirectory Data { get; } = new();

    protected DataDirectoryLayout Layout => Data.Layout;

    public void Dispose() => Data.Dispose();

    protected VerificationResult Verify() => new DataDirectoryVerifier(Layout).Verify();

    /// <summary>Segments 1..5 and 6..10, journal 11..15, checkpoints 1..8 and 9..15, one dead letter.</summary>
    protected void BuildCleanDirectory()
    {
        WriteSegment(Enumerable.Range(1, 5));
        WriteSegment(Enumerable.Range(6, 5));
        WriteJournal(Enumerable.Range(11, 5));
        var sealer = new CheckpointSealer(Layout, Data.Clock);
        sealer.Seal("first", 8);
        Data.Clock.Advance(TimeSpan.FromMinutes(5));
        sealer.Seal("second", 15);
        File.WriteAllText(Layout.Rejected, """{"ReceivedAt":"2026-01-01T12:00:00.000Z","Source":"pull","Topic":null,"Reason":"not JSON","RawBase64":"aGVsbG8="}""" + "\n", Utf8);
    }

    protected void WriteJournal(IEnumerable<int> sequences) =>
        File.WriteAllText(Layout.Journal, string.Concat(sequences.Select(s => SomeRecord.Line(SomeRecord.With(s)))), Utf8);

    protected void WriteSegment(IEnumerable<int> sequences, string? name = null)
    {
        var list = sequences.ToList();
        Directory.CreateDirectory(Layout.Sessions);
        var path = Path.Combine(Layout.Sessions, name ?? SegmentName.For(list[0], list[^1]));
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(Utf8.GetBytes(string.Concat(list.Select(s => SomeRecord.Line(SomeRecord.With(s))))));
    }

    protected static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }
}
