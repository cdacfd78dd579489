using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Bulwark.Server.Tests;

/// <summary>Hostile input: every case gets the right answer and changes nothing it should not.</summary>
public sealed class SecurityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private BulwarkServer Server => fixture.Server;

    private async Task<string> InvalidReasonAsync(string token)
    {
        var a = await Server.AssessAsync($$"""{"token":{{JsonSerializer.Serialize(token)}}}""");
        Assert.False(a.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());
        return a.GetProperty("tokenProperties").GetProperty("invalidReason").GetString()!;
    }

    [Fact]
    public async Task Assess_ForgedToken_IsMalformed()
    {
        var forged = Base64Url.EncodeToString([1, 0, 0, 0, 1, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(200)]);
        Assert.Equal("MALFORMED", await InvalidReasonAsync(forged));
    }

    [Fact]
    public async Task Assess_TruncatedToken_IsMalformedAndNotSpent()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        var token = await Server.TokenAsync(key);

        Assert.Equal("MALFORMED", await InvalidReasonAsync(token[..(token.Length / 2)]));
        Assert.Equal("MALFORMED", await InvalidReasonAsync(token[..^1]));

        var whole = await Server.AssessAsync($$"""{"token":"{{token}}"}""");
        Assert.True(whole.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Assess_TamperedToken_IsMalformed()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        var bytes = Base64Url.DecodeFromChars(await Server.TokenAsync(key));
        bytes[^20] ^= 0x40;
        Assert.Equal("MALFORMED", await InvalidReasonAsync(Base64Url.EncodeToString(bytes)));
    }

    [Fact]
    public async Task Assess_OversizedToken_IsMalformed() =>
        Assert.Equal("MALFORMED", await InvalidReasonAsync(new string('A', 20_000)));

    [Fact]
    public async Task Assess_TokenOfAnotherProjectsKey_IsNotValidHere()
    {
        var (code, output) = await Server.RunCliAsync("projects", "create", "other-shop");
        Assert.Equal(0, code);
        (code, output) = await Server.RunCliAsync("api-keys", "create", "--project", "other-shop");
        Assert.Equal(0, code);
        var otherApiKey = output.Trim();
        using var created = await Server.SendAsync(HttpMethod.Post, "/v1/projects/other-shop/keys", """{"displayName":"x","webSettings":{"allowedDomains":["localhost"],"integrationType":"SCORE"}}""", otherApiKey);
        var otherKey = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString()!.Split('/')[^1];
        var token = await Server.TokenAsync(otherKey);

        var a = await Server.AssessAsync($$"""{"token":"{{token}}"}""");

        Assert.Equal("UNKNOWN_INVALID_REASON", a.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
    }

    [Fact]
    public async Task Api_MissingApiKey_IsUnauthenticatedAndStoresNothing()
    {
        var before = await Server.CountAsync("assessments");
        using var response = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/assessments", """{"event":{}}""", apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("status").GetString());
        Assert.Equal(before, await Server.CountAsync("assessments"));
    }

    [Fact]
    public async Task Api_WrongApiKey_IsUnauthenticated()
    {
        using var response = await Server.SendAsync(HttpMethod.Get, "/v1/projects/acme-shop/keys", apiKey: "not-a-real-key-0000000000");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_KeyAsQueryParameter_IsAccepted()
    {
        using var response = await Server.SendAsync(HttpMethod.Get, $"/v1/projects/acme-shop/keys?key={BulwarkServer.ApiKey}", apiKey: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_OtherProjectInPath_IsPermissionDenied()
    {
        using var response = await Server.SendAsync(HttpMethod.Get, "/v1/projects/someone-else/keys");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("PERMISSION_DENIED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"event\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"event\":{\"token\":42}}")]
    [InlineData("not json at all")]
    public async Task Assess_MalformedJson_IsInvalidArgumentAndStoresNothing(string body)
    {
        var before = await Server.CountAsync("assessments");
        using var response = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/assessments", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("INVALID_ARGUMENT", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await Server.CountAsync("assessments"));
    }

    [Fact]
    public async Task Assess_BadIpAddress_IsInvalidArgument()
    {
        var before = await Server.CountAsync("assessments");
        using var response = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/assessments", """{"event":{"userIpAddress":"999.1.1.1"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await Server.CountAsync("assessments"));
    }

    [Fact]
    public async Task Assess_OversizedBody_Is413AndStoresNothing()
    {
        var before = await Server.CountAsync("assessments");
        var huge = $$$"""{"event":{"userAgent":"{{{new string('x', 300_000)}}}"}}""";
        using var response = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/assessments", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await Server.CountAsync("assessments"));
    }

    [Fact]
    public async Task Token_WrongOrigin_IsForbiddenWithoutToken()
    {
        var key = await Server.CreateWebKeyAsync(["example.com"]);
        foreach (var origin in new[] { "https://evil.example.net", "https://example.com.evil.net", "https://notexample.com", "null" })
        {
            using var response = await Server.RequestTokenAsync(key, origin);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Token_UnknownOrMalformedSiteKey_IsNotFound()
    {
        foreach (var key in new[] { "6Lunknownunknownunknownunknownunknown0000", "../../etc/passwd", new string('k', 500) })
        {
            using var response = await Server.RequestTokenAsync(Uri.EscapeDataString(key), "http://localhost");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("log in")]
    [InlineData("login<script>")]
    public async Task Token_InvalidAction_IsBadRequest(string action)
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        using var response = await Server.RequestTokenAsync(key, "http://localhost", action);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Token_OversizedBody_Is413()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        using var response = await Server.RequestTokenAsync(key, "http://localhost", signals: $$"""{"ua":"{{new string('a', 40_000)}}"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":5}")]
    [InlineData("{\"a\":\"login\",\"s\":[1]}")]
    public async Task Token_MalformedBody_IsBadRequest(string body)
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/recaptcha/enterprise/token?k={key}") { Content = new StringContent(body) };
        request.Headers.Add("Origin", "http://localhost");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Token_GarbageSignals_StillIssuedButScoredAsMissingCollector()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        using var response = await Server.RequestTokenAsync(key, "http://localhost", signals: """{"wd":"yes","hc":"many"}""");
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();

        var a = await Server.AssessAsync($$"""{"token":"{{token}}"}""");

        Assert.True(a.GetProperty("riskAnalysis").GetProperty("score").GetSingle() <= 0.3f);
        Assert.Contains("collector-missing", await Server.FeaturesAsync(a.GetProperty("name").GetString()!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_InvalidKey_IsInvalidArgumentAndNotCreated()
    {
        var before = await Server.CountAsync("site_keys");
        using var response = await Server.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/keys", """{"displayName":"x","webSettings":{"allowedDomains":["https://bad/"],"integrationType":"SCORE"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await Server.CountAsync("site_keys"));
    }

    [Fact]
    public async Task Api_UnknownPathsAndUnimplementedMethods_AnswerInRpcStatus()
    {
        using var unknown = await Server.SendAsync(HttpMethod.Get, "/v1/projects/acme-shop/nothing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var firewall = await Server.SendAsync(HttpMethod.Get, "/v1/projects/acme-shop/firewallpolicies");
        Assert.Equal(HttpStatusCode.NotImplemented, firewall.StatusCode);
        Assert.Contains("UNIMPLEMENTED", await firewall.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_AreNotInTheDatabaseInTheClear()
    {
        var key = await Server.CreateWebKeyAsync(["localhost"]);
        using var response = await Server.SendAsync(HttpMethod.Get, $"/v1/projects/acme-shop/keys/{key}:retrieveLegacySecretKey");
        var secret = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("legacySecretKey").GetString()!;

        var db = await File.ReadAllBytesAsync(Path.Combine(Server.DataDir, "bulwark.db"));
        var wal = File.Exists(Path.Combine(Server.DataDir, "bulwark.db-wal")) ? await File.ReadAllBytesAsync(Path.Combine(Server.DataDir, "bulwark.db-wal")) : [];
        foreach (var needle in new[] { secret, BulwarkServer.ApiKey })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(needle);
            Assert.Equal(-1, db.AsSpan().IndexOf(bytes));
            Assert.Equal(-1, wal.AsSpan().IndexOf(bytes));
        }
    }
}
