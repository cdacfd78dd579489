using System.Net.Http.Headers;
using System.Text.Json;

namespace Bulwark.Server.Tests.Network;

/// <summary>Behind a trusted proxy the token records the forwarded client; from anyone else the header is ignored.</summary>
public sealed class TrustedProxyTests : IAsyncLifetime
{
    private BulwarkServer _server = null!;

    public async Task InitializeAsync() => _server = await BulwarkServer.StartAsync(settings: new Dictionary<string, string> { ["Bulwark__Network__TrustedProxies__0"] = "127.0.0.1/32" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> TokenViaProxyAsync(string key, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/recaptcha/enterprise/token?k={key}") { Content = new StringContent($$"""{"a":"login","s":{{BulwarkServer.HumanSignals}}}""") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.Add("Origin", "http://localhost");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.UserAgent.ParseAdd(BulwarkServer.HumanUserAgent);
        using var response = await _server.Http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task Token_FromTrustedProxy_BindsTheForwardedClient()
    {
        var key = await _server.CreateWebKeyAsync(["localhost"]);

        var same = await _server.AssessAsync($$"""{"token":"{{await TokenViaProxyAsync(key, "203.0.113.5")}}","userIpAddress":"203.0.113.5","userAgent":"{{BulwarkServer.HumanUserAgent}}"}""");
        var moved = await _server.AssessAsync($$"""{"token":"{{await TokenViaProxyAsync(key, "203.0.113.5")}}","userIpAddress":"198.51.100.1","userAgent":"{{BulwarkServer.HumanUserAgent}}"}""");

        Assert.DoesNotContain("ip-changed", await _server.FeaturesAsync(same.GetProperty("name").GetString()!), StringComparison.Ordinal);
        Assert.Contains("ip-changed", await _server.FeaturesAsync(moved.GetProperty("name").GetString()!), StringComparison.Ordinal);
    }
}
