using System.Net;
using System.Text.Json;

namespace Bulwark.Server.Tests.Browser;

public sealed class BrowserEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private BulwarkServer Server => fixture.Server;

    [Fact]
    public async Task Script_IsServedWithCachingHeadersAndRevalidates()
    {
        using var response = await Server.Http.GetAsync("/recaptcha/enterprise.js?render=6Lwhatever");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Contains("grecaptcha", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/recaptcha/enterprise.js");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await Server.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Token_AllowedOrigin_GetsCorsHeaderAndNoStore()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        using var response = await Server.RequestTokenAsync(key, "https://www.example.com");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://www.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal(120, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("expiresIn").GetInt32());
    }

    [Fact]
    public async Task Token_AllowAllDomains_AcceptsAnyOrigin()
    {
        using var created = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/keys", """{"displayName":"any","webSettings":{"allowAllDomains":true,"integrationType":"SCORE"}}""");
        var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString()!.Split('/')[^1];
        using var response = await Server.RequestTokenAsync(key, "https://anything.test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://shop.example.com", HttpStatusCode.NoContent)]
    [InlineData("https://evil.test", HttpStatusCode.Forbidden)]
    public async Task Preflight_FollowsTheKeysDomains(string origin, HttpStatusCode expected)
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/recaptcha/enterprise/token?k={key}");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Script_IsBehaviourAndCollectorInOneScope()
    {
        var script = await Server.Http.GetStringAsync("/recaptcha/enterprise.js");
        Assert.StartsWith("(function(){", script, StringComparison.Ordinal);
        Assert.EndsWith("})();\n", script, StringComparison.Ordinal);
        Assert.Contains("BulwarkBehaviour", script, StringComparison.Ordinal);
        Assert.Equal(script, await Server.Http.GetStringAsync("/recaptcha/api.js"));
    }

    [Fact]
    public async Task Challenge_AllowedOrigin_GetsChallengeWithCorsAndNoStore()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/recaptcha/enterprise/challenge?k={key}");
        request.Headers.Add("Origin", "https://shop.example.com");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
        var challenge = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("c").GetString()!;
        Assert.Equal(Core.Tokens.CollectorChallenge.EncodedLength, challenge.Length);
        Assert.True(Core.Tokens.CollectorChallenge.TryReadKeyId(challenge, out _));
    }

    [Fact]
    public async Task Challenge_SameOriginWithoutOriginHeader_IsIssued()
    {
        // Browsers send no Origin on a same-origin GET; the token request (a POST) always carries one.
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        using var response = await Server.Http.GetAsync($"/recaptcha/enterprise/challenge?k={key}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("6Lunknownunknownunknownunknownunknown00", HttpStatusCode.NotFound, "invalid-site-key")]
    [InlineData("", HttpStatusCode.NotFound, "invalid-site-key")]
    public async Task Challenge_UnknownKey_Is404(string key, HttpStatusCode expected, string error)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/recaptcha/enterprise/challenge?k={key}");
        request.Headers.Add("Origin", "https://shop.example.com");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal(error, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Challenge_DisallowedOrigin_Is403()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/recaptcha/enterprise/challenge?k={key}");
        request.Headers.Add("Origin", "https://evil.test");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Token_WithChallengeAndProof_IsIssued()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        using var challengeResponse = await Server.Http.GetAsync($"/recaptcha/enterprise/challenge?k={key}");
        var challenge = JsonDocument.Parse(await challengeResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("c").GetString()!;
        var signals = $$"""{"v":2,"ua":"{{BulwarkServer.HumanUserAgent}}","cn":"{{challenge}}","ca":5}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/recaptcha/enterprise/token?k={key}")
        {
            Content = new StringContent($$"""{"a":"login","s":{{signals}},"p":"{{Core.Signals.PayloadProof.Compute(challenge, signals)}}"}"""),
        };
        request.Headers.Add("Origin", "https://example.com");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"a":"login","s":{},"p":5}""")]
    [InlineData("""{"a":"login","s":{},"p":"0123456789abcdef0123456789abcdef0"}""")]
    public async Task Token_ProofNotAShortString_Is400(string body)
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/recaptcha/enterprise/token?k={key}") { Content = new StringContent(body) };
        request.Headers.Add("Origin", "https://example.com");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Demo_PageCarriesTheDemoKey()
    {
        var html = await Server.Http.GetStringAsync("/demo");
        Assert.Contains("/recaptcha/enterprise.js?render=6L", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{SITE_KEY}}", html, StringComparison.Ordinal);
    }
}
