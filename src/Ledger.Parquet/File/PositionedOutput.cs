namespace Ledger.Parquet.File;

/// <summary>The output stream plus the file offset we have reached; offsets in the footer come from here.</summary>
/// <remarks>Counting ourselves keeps non-seekable outputs (pipes, network streams) usable.</remarks>
internal sealed class PositionedOutput
{
    private readonly Stream _stream;

    public PositionedOutput(Stream stream)
    {
        _stream = stream;
    }

    public long Position { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        Position += bytes.Length;
    }

    public void Flush() => _stream.Flush();
}
