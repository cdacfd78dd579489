using System.Net;
using System.Text.Json;

namespace Bulwark.Server.Tests.Legacy;

public sealed class SiteverifyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private BulwarkServer Server => fixture.Server;

    private async Task<JsonElement> VerifyAsync(params (string Name, string Value)[] fields)
    {
        using var response = await Server.Http.PostAsync("/recaptcha/api/siteverify", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<string> SecretAsync(string key)
    {
        using var response = await Server.SendAsync(HttpMethod.Get, $"/v1/projects/acme-shop/keys/{key}:retrieveLegacySecretKey");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("legacySecretKey").GetString()!;
    }

    [Fact]
    public async Task Siteverify_ValidToken_AnswersLikeRecaptchaV3()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        var secret = await SecretAsync(key);
        var token = await Server.TokenAsync(key, "https://example.com", "signup");

        var ok = await VerifyAsync(("secret", secret), ("response", token), ("remoteip", "198.51.100.4"));

        Assert.True(ok.GetProperty("success").GetBoolean());
        Assert.Equal("signup", ok.GetProperty("action").GetString());
        Assert.Equal("example.com", ok.GetProperty("hostname").GetString());
        Assert.InRange(ok.GetProperty("score").GetSingle(), 0f, 1f);
        Assert.EndsWith("Z", ok.GetProperty("challenge_ts").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, ok.GetProperty("error-codes").GetArrayLength());

        var replay = await VerifyAsync(("secret", secret), ("response", token));
        Assert.False(replay.GetProperty("success").GetBoolean());
        Assert.Equal("timeout-or-duplicate", replay.GetProperty("error-codes")[0].GetString());
    }

    [Theory]
    [InlineData("", "tok", "missing-input-secret")]
    [InlineData("wrong-secret", "tok", "invalid-input-secret")]
    public async Task Siteverify_BadSecret_SaysWhich(string secret, string token, string code)
    {
        var answer = await VerifyAsync(("secret", secret), ("response", token));
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.Equal(code, answer.GetProperty("error-codes")[0].GetString());
    }

    [Fact]
    public async Task Siteverify_MissingOrGarbageResponse_SaysWhich()
    {
        var secret = await SecretAsync(await Server.CreateWebKeyAsync(["localhost"]));
        Assert.Equal("missing-input-response", (await VerifyAsync(("secret", secret))).GetProperty("error-codes")[0].GetString());
        Assert.Equal("invalid-input-response", (await VerifyAsync(("secret", secret), ("response", "garbage"))).GetProperty("error-codes")[0].GetString());
    }

    [Fact]
    public async Task Siteverify_KeyDeletedOnThisNode_RefusesItsSecretAtOnce()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        var secret = await SecretAsync(key);
        var token = await Server.TokenAsync(key, "https://example.com", "signup");
        Assert.Equal("missing-input-response", (await VerifyAsync(("secret", secret))).GetProperty("error-codes")[0].GetString());

        using (var deleted = await Server.SendAsync(HttpMethod.Delete, $"/v1/projects/acme-shop/keys/{key}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var answer = await VerifyAsync(("secret", secret), ("response", token));
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.Equal("invalid-input-secret", answer.GetProperty("error-codes")[0].GetString());
    }
}
