using System.Security.Cryptography;

namespace Bulwark.Server.Tests.ScaleOut;

/// <summary>
/// docs/operations.md's master key rotation on two PostgreSQL nodes, step by step, each node
/// restarted with its new settings in turn while the other serves: nothing wrapped before, during
/// or after the rotation stops opening, and no token is accepted twice.
/// </summary>
public sealed class MasterKeyRotationTests : IAsyncLifetime
{
    private const string MasterKey = "Bulwark__Secrets__MasterKey";
    private const string PreviousKey = "Bulwark__Secrets__PreviousMasterKeys__0";
    private TestDatabase _database = null!;
    private readonly string _old = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _new = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private BulwarkServer _a = null!;
    private BulwarkServer _b = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("bulwark_rotation");
        var settings = new Dictionary<string, string>
        {
            ["Bulwark__Storage__Provider"] = "Postgres",
            ["Bulwark__Storage__ConnectionString"] = _database.ConnectionString,
            [MasterKey] = _old,
            ["Bulwark__Demo__Enabled"] = "false",
        };
        _a = await BulwarkServer.StartAsync(settings: settings);
        _b = await BulwarkServer.StartAsync(settings: settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Rotation_InFourRollingSteps_LosesNoSecretAndNoToken()
    {
        var before = await _a.CreateWebKeyAsync(["localhost"]);
        var beforeSecret = await _a.LegacySecretAsync(before);
        var token = await _a.TokenAsync(before);

        // 1. The new key opens everywhere; the old one still wraps.
        var step1 = new Dictionary<string, string> { [PreviousKey] = _new };
        await _a.RestartAsync(settings: step1);
        await _b.RestartAsync(settings: step1);

        // 2. The new key wraps, node by node. In between, B (still wrapping with the old key) opens what A wraps with the new one.
        var step2 = new Dictionary<string, string> { [MasterKey] = _new, [PreviousKey] = _old };
        await _a.RestartAsync(settings: step2);
        var during = await _a.CreateWebKeyAsync(["localhost"]);
        var duringSecret = await _b.LegacySecretAsync(during);
        Assert.Equal(beforeSecret, await _a.LegacySecretAsync(before));
        await _b.RestartAsync(settings: step2);

        // 3. Everything stored is wrapped anew under the new key, while both nodes serve.
        var (code, output) = await _a.RunCliAsync("master-key", "rewrap");
        Assert.True(code == 0, output);
        Assert.Contains("Wrapped 1 token keys and 2 legacy secrets", output, StringComparison.Ordinal);

        // 4. The old key goes.
        var step4 = new Dictionary<string, string> { [PreviousKey] = string.Empty };
        await _a.RestartAsync(settings: step4);
        await _b.RestartAsync(settings: step4);

        foreach (var node in new[] { _a, _b })
        {
            Assert.Equal(beforeSecret, await node.LegacySecretAsync(before));
            Assert.Equal(duringSecret, await node.LegacySecretAsync(during));
        }

        var first = await _b.AssessAsync($$"""{"token":"{{token}}"}""");
        Assert.True(first.GetProperty("tokenProperties").GetProperty("valid").GetBoolean(), first.ToString());
        var again = await _a.AssessAsync($$"""{"token":"{{token}}"}""");
        Assert.Equal("DUPE", again.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
        var fresh = await _b.AssessAsync($$"""{"token":"{{await _a.TokenAsync(during)}}"}""");
        Assert.True(fresh.GetProperty("tokenProperties").GetProperty("valid").GetBoolean(), fresh.ToString());
    }
}
