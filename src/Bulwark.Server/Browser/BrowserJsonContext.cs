using System.Text.Json.Serialization;

namespace Bulwark.Server.Browser;

internal sealed record TokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expiresIn")] int ExpiresIn);

internal sealed record ChallengeResponse([property: JsonPropertyName("c")] string Challenge);

internal sealed record BrowserError([property: JsonPropertyName("error")] string Error);

[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(BrowserError))]
[JsonSerializable(typeof(ChallengeResponse))]
internal sealed partial class BrowserJsonContext : JsonSerializerContext
{
}
