using System.Net;

namespace Bulwark.Server.Tests.Browser;

public sealed class RateLimitTests : IAsyncLifetime
{
    private BulwarkServer _server = null!;

    public async Task InitializeAsync() => _server = await BulwarkServer.StartAsync(settings: new Dictionary<string, string> { ["Bulwark__Limits__TokenRequestsPerMinute"] = "5" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Token_PastThePerAddressLimit_Is429()
    {
        var key = await _server.CreateWebKeyAsync(["localhost"]);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await _server.RequestTokenAsync(key, "http://localhost", bind: false);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
