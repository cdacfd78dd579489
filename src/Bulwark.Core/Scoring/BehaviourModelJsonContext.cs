using System.Text.Json.Serialization;

namespace Bulwark.Core.Scoring;

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(BehaviourModelFile))]
internal sealed partial class BehaviourModelJsonContext : JsonSerializerContext
{
}
