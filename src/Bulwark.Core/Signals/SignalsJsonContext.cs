using System.Text.Json.Serialization;

namespace Bulwark.Core.Signals;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 8)]
[JsonSerializable(typeof(ClientSignals))]
public sealed partial class SignalsJsonContext : JsonSerializerContext
{
}
