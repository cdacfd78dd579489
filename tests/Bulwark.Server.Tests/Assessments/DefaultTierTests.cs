namespace Bulwark.Server.Tests.Assessments;

public sealed class DefaultTierTests : IAsyncLifetime
{
    private BulwarkServer _server = null!;

    public async Task InitializeAsync() => _server = await BulwarkServer.StartAsync(fullScoreLevels: false);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Assess_DefaultTier_GivesOnlyFourLevelsAndNoReasons()
    {
        var key = await _server.CreateWebKeyAsync(["localhost"]);
        const string headless = "Mozilla/5.0 HeadlessChrome/156.0.0.0";
        var human = await _server.AssessAsync($$"""{"token":"{{await _server.TokenAsync(key)}}"}""");
        using var response = await _server.RequestTokenAsync(key, "http://localhost", signals: """{"wd":true}""", userAgent: headless);
        var botToken = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        var bot = await _server.AssessAsync($$"""{"token":"{{botToken}}"}""");

        Assert.Equal(0.9f, human.GetProperty("riskAnalysis").GetProperty("score").GetSingle());
        Assert.Equal(0.1f, bot.GetProperty("riskAnalysis").GetProperty("score").GetSingle());
        Assert.Equal(0, bot.GetProperty("riskAnalysis").GetProperty("reasons").GetArrayLength());
    }
}
