using Bulwark.Core.Assessments;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Core.Tokens;
using Bulwark.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bulwark.Server.Tests.Assessments;

/// <summary>Expiry needs a clock the test controls: the server's own wiring, in process, on a real SQLite file.</summary>
public sealed class TokenClockTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bulwark-clock-").FullName;
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;
    private Project _project = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bulwark:DataDir"] = _dir,
            ["Bulwark:Bootstrap:Project"] = "clock-project",
            ["Bulwark:Demo:Enabled"] = "false",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddBulwarkCore(configuration).AddSingleton<TimeProvider>(_clock).BuildServiceProvider();
        await _services.GetRequiredService<StartupTasks>().RunAsync(default);
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(default);
        }

        _project = (await _services.GetRequiredService<IProjectStore>().GetAsync("clock-project", default))!;
        var key = await _services.GetRequiredService<Core.Keys.SiteKeyService>().CreateAsync(
            _project.Id,
            new Key { DisplayName = "k", WebSettings = new WebKeySettings { AllowedDomains = ["localhost"], IntegrationType = IntegrationType.Score } },
            legacy: false,
            default);
        _key = key.Value!.Name!.Split('/')[^1];
    }

    public async Task DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(default);
        }

        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<string> TokenAsync()
    {
        var issued = await _services.GetRequiredService<TokenIssuer>().IssueAsync(new TokenIssueRequest(_key, "login", "localhost", "127.0.0.1", "ua", "{}"u8.ToArray()), default);
        return issued.Token!;
    }

    private async Task<InvalidReason> AssessAsync(string token)
    {
        var result = await _services.GetRequiredService<AssessmentService>().CreateAsync(_project, new Assessment { Event = new Event { Token = token } }, default);
        return result.Value!.InvalidReason;
    }

    [Fact]
    public async Task Assess_JustBeforeTwoMinutes_IsValid()
    {
        var token = await TokenAsync();
        _clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(InvalidReason.InvalidReasonUnspecified, await AssessAsync(token));
    }

    [Fact]
    public async Task Assess_AfterTwoMinutes_IsExpiredAndNotSpent()
    {
        var token = await TokenAsync();
        _clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(InvalidReason.Expired, await AssessAsync(token));
        Assert.Equal(InvalidReason.Expired, await AssessAsync(token));
    }

    [Fact]
    public async Task Assess_TokenFromBeyondClockSkew_IsMalformed()
    {
        var token = await TokenAsync();
        _clock.Advance(TimeSpan.FromMinutes(-5));
        Assert.Equal(InvalidReason.Malformed, await AssessAsync(token));
    }

    private sealed class TestClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
