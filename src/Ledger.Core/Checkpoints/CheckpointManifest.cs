using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Core.Checkpoints;

/// <summary>checkpoints/index.json: every sealed checkpoint in Sequence order, versioned.</summary>
/// <remarks>
/// Rewritten whole on every seal (temp → fsync → rename → fsync directory), so a reader sees either the old or the
/// new manifest, never a mix. An unknown <c>FormatVersion</c> is refused rather than guessed at.
/// </remarks>
public sealed class CheckpointManifest
{
    /// <summary>Version of the manifest and of the checkpoint files this code writes.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new UtcDateTimeConverter() },
    };

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public List<CheckpointEntry> Checkpoints { get; init; } = [];

    /// <summary>Last sealed Sequence, 0 when nothing was sealed.</summary>
    [JsonIgnore]
    public long LastSealedSequence => Checkpoints.Count == 0 ? 0 : Checkpoints[^1].LastSequence;

    /// <summary>Reads the manifest, or an empty one when the file does not exist.</summary>
    public static CheckpointManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            return new CheckpointManifest();
        }
        CheckpointManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllBytes(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new CheckpointFormatException($"{path} is not a valid checkpoint manifest: {ex.Message}");
        }
        if (manifest is null)
        {
            throw new CheckpointFormatException($"{path} is empty");
        }
        if (manifest.FormatVersion != CurrentFormatVersion)
        {
            throw new CheckpointFormatException($"{path} has format version {manifest.FormatVersion}; this Ledger reads version {CurrentFormatVersion}");
        }
        return manifest;
    }

    /// <summary>Writes the manifest atomically and durably.</summary>
    public void Save(string path) =>
        FileSystemDurability.WriteSealedFile(path, stream => JsonSerializer.Serialize(stream, this, s_json), readOnly: false);

    /// <summary>Serializes one entry the way the manifest stores it (for the HTTP API).</summary>
    public static string ToJson(CheckpointEntry entry) => JsonSerializer.Serialize(entry, s_json);

    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTime().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Records.LedgerRecordJson.FormatTimestamp(value.ToUniversalTime()));
    }
}
