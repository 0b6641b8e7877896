namespace Ledger.Core.Ingest;

/// <summary>One batch between preparation and commit: each frame's outcome and the chunks its lines are in.</summary>
internal sealed class PreparedBatch : IDisposable
{
    /// <summary>A set with room for <paramref name="frames"/> frames in <paramref name="chunks"/> chunks of <paramref name="lineBytesPerChunk"/> bytes of lines.</summary>
    public PreparedBatch(int frames = 256, int chunks = 1, int lineBytesPerChunk = 1 << 16)
    {
        _lineBytesPerChunk = lineBytesPerChunk;
        Items = new PreparedFrame[frames];
        Chunks = new ChunkOutput[chunks];
        for (var c = 0; c < chunks; c++)
        {
            Chunks[c] = new ChunkOutput(lineBytesPerChunk);
        }
    }

    // What a chunk made later (a batch split into more chunks than reserved) starts with.
    private readonly int _lineBytesPerChunk;

    public PreparedFrame[] Items { get; private set; }

    public ChunkOutput[] Chunks { get; private set; }

    /// <summary>The frames being prepared or committed from this set, or null when it is free.</summary>
    public InboundBatch? Inbound { get; private set; }

    /// <summary>Frames per chunk when the workers prepare this set.</summary>
    public int ChunkFrames { get; set; }

    /// <summary>Prepares chunk c of this set (<see cref="ChunkWorkers.Start"/>'s work); set once by the processor.</summary>
    public Action<int>? PrepareChunk { get; set; }

    public void Begin(InboundBatch inbound)
    {
        Inbound = inbound;
        if (Items.Length < inbound.Count)
        {
            Items = new PreparedFrame[Math.Max(inbound.Count, Items.Length * 2)];
        }
    }

    public void EnsureChunks(int chunks)
    {
        if (Chunks.Length < chunks)
        {
            var grown = new ChunkOutput[chunks];
            Chunks.CopyTo(grown, 0);
            for (var c = Chunks.Length; c < chunks; c++)
            {
                grown[c] = new ChunkOutput(_lineBytesPerChunk);
            }
            Chunks = grown;
        }
    }

    public void End()
    {
        foreach (var chunk in Chunks)
        {
            chunk.Bytes.Clear();
            chunk.BeginRange();
        }
        Inbound = null;
    }

    public void Dispose()
    {
        foreach (var chunk in Chunks)
        {
            chunk.Lines.Dispose();
        }
    }
}
