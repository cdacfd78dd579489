namespace Bulwark.Server.Tests.Assessments;

/// <summary>Tokens are single-use for ever: across graceful restarts and crashes.</summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    private BulwarkServer _server = null!;

    public async Task InitializeAsync() => _server = await BulwarkServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Assess_TokenSpentBeforeRestart_IsDupeAfter(bool kill)
    {
        var key = await _server.CreateWebKeyAsync(["localhost"]);
        var token = await _server.TokenAsync(key);
        var first = await _server.AssessAsync($$"""{"token":"{{token}}"}""");
        Assert.True(first.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());

        await _server.RestartAsync(kill);

        var again = await _server.AssessAsync($$"""{"token":"{{token}}"}""");
        Assert.Equal("DUPE", again.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
    }

    [Fact]
    public async Task Assess_TokenIssuedBeforeRestart_OpensAfter()
    {
        var key = await _server.CreateWebKeyAsync(["localhost"]);
        var token = await _server.TokenAsync(key);

        await _server.RestartAsync();

        var a = await _server.AssessAsync($$"""{"token":"{{token}}"}""");
        Assert.True(a.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Kill_AfterAnswers_LosesNoAnsweredAssessment()
    {
        var key = await _server.CreateWebKeyAsync(["localhost"]);
        var before = await _server.CountAsync("assessments");
        var answered = 0;
        foreach (var _ in Enumerable.Range(0, 20))
        {
            await _server.AssessAsync($$"""{"token":"{{await _server.TokenAsync(key)}}"}""");
            answered++;
        }

        await _server.StopAsync(kill: true);

        Assert.Equal(before + answered, await _server.CountAsync("assessments"));
    }
}
