using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bulwark.Core.Protocol;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = 32)]
[JsonSerializable(typeof(Key))]
[JsonSerializable(typeof(ListKeysResponse))]
[JsonSerializable(typeof(RetrieveLegacySecretKeyResponse))]
[JsonSerializable(typeof(MigrateKeyRequest))]
[JsonSerializable(typeof(Assessment))]
[JsonSerializable(typeof(AnnotateAssessmentRequest))]
[JsonSerializable(typeof(EmptyMessage))]
[JsonSerializable(typeof(Metrics))]
[JsonSerializable(typeof(RpcErrorBody))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext
{
}
