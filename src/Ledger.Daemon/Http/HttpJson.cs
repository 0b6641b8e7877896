using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Daemon.Http;

/// <summary>JSON settings of the HTTP API: camelCase, like most HTTP JSON APIs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HttpJson : JsonSerializerContext
{
    public static JsonSerializerOptions SerializerOptions => Default.Options;
}
