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
    public async Task Demo_PageCarriesTheDemoKey()
    {
        var html = await Server.Http.GetStringAsync("/demo");
        Assert.Contains("/recaptcha/enterprise.js?render=6L", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{SITE_KEY}}", html, StringComparison.Ordinal);
    }
}
