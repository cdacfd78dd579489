using System.Net;
using System.Text.Json.Nodes;
using Bulwark.Core.Scoring;

namespace Bulwark.Server.Tests;

/// <summary>Start-up: bootstrap, the CLI verbs and options validation.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task Cli_CreatedApiKey_WorksAgainstTheServer()
    {
        await using var server = await BulwarkServer.StartAsync();
        var (code, _) = await server.RunCliAsync("projects", "create", "cli-project", "--full-score-levels");
        Assert.Equal(0, code);
        var (code2, key) = await server.RunCliAsync("api-keys", "create", "--project", "cli-project");
        Assert.Equal(0, code2);

        using var response = await server.SendAsync(HttpMethod.Get, "/v1/projects/cli-project/keys", apiKey: key.Trim());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cli_UnknownProject_Fails()
    {
        await using var server = await BulwarkServer.StartAsync();
        var (code, output) = await server.RunCliAsync("api-keys", "create", "--project", "no-such-project");
        Assert.NotEqual(0, code);
        Assert.Contains("No project", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_ImportedModel_ScoresTheNextAssessmentsUntilTheEmbeddedOneIsBack()
    {
        await using var server = await BulwarkServer.StartAsync(settings: new Dictionary<string, string> { ["Bulwark__Risk__Model__ReloadInterval"] = "00:00:01" });
        var key = await server.CreateWebKeyAsync(["localhost"]);
        var file = Path.Combine(server.DataDir, "site-model.json");
        using (var embedded = typeof(BehaviourModel).Assembly.GetManifestResourceStream("Bulwark.Core.Scoring.Models.behaviour-model.json")!)
        {
            var model = JsonNode.Parse(embedded)!;
            model["version"] = "site-2026-11-22.1";
            await File.WriteAllTextAsync(file, model.ToJsonString());
        }

        var (code, output) = await server.RunCliAsync("models", "import", file, "--activate");
        Assert.True(code == 0, output);
        Assert.Equal("rules-2+site-2026-11-22.1", await server.AssessUntilScoredByAsync(key, "rules-2+site-2026-11-22.1"));

        (code, output) = await server.RunCliAsync("models", "use-embedded");
        Assert.True(code == 0, output);
        Assert.Equal($"rules-2+{BehaviourModel.Default.Version}", await server.AssessUntilScoredByAsync(key, $"rules-2+{BehaviourModel.Default.Version}"));
    }

    [Fact]
    public async Task Cli_ModelThatCannotBeRead_IsNotImported()
    {
        await using var server = await BulwarkServer.StartAsync();
        var file = Path.Combine(server.DataDir, "bad-model.json");
        await File.WriteAllTextAsync(file, """{"version":"site-1","models":{"mouse":{"requires":"mn","features":[{"name":"no-such-feature","scale":1}]}}}""");

        var (code, output) = await server.RunCliAsync("models", "import", file, "--activate");

        Assert.Equal(2, code);
        Assert.Contains("unknown feature 'no-such-feature'", output, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync("behaviour_models"));
    }

    [Fact]
    public async Task Bootstrap_IsIdempotentAcrossRestarts()
    {
        await using var server = await BulwarkServer.StartAsync();
        await server.RestartAsync();
        using var response = await server.SendAsync(HttpMethod.Get, "/v1/projects/acme-shop/keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await server.CountAsync("api_keys"));
    }

    [Fact]
    public async Task Start_OnADatabaseOfAnotherMasterKey_FailsWithAClearMessage()
    {
        await using var server = await BulwarkServer.StartAsync();
        await server.StopAsync();
        var masterKey = Path.Combine(server.DataDir, "master.key");
        var original = await File.ReadAllTextAsync(masterKey);
        await File.WriteAllTextAsync(masterKey, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => server.RestartAsync());

        Assert.Contains("does not open with this node's master key", ex.Message, StringComparison.Ordinal);
        await File.WriteAllTextAsync(masterKey, original);
        await server.RestartAsync();
        using var response = await server.SendAsync(HttpMethod.Get, "/v1/projects/acme-shop/keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cli_MasterKeyRewrap_LeavesKeysSecretsAndTokensToTheNewMasterKeyAlone()
    {
        await using var server = await BulwarkServer.StartAsync();
        var key = await server.CreateWebKeyAsync(["localhost"]);
        var secret = await server.LegacySecretAsync(key);
        var token = await server.TokenAsync(key);
        await server.StopAsync();
        var file = Path.Combine(server.DataDir, "master.key");
        var oldKey = (await File.ReadAllTextAsync(file)).Trim();
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        // As docs/operations.md says: the node stopped, the new key current, the old one previous.
        var (wrongCode, wrongOutput) = await server.RunCliAsync(
            new Dictionary<string, string> { ["Bulwark__Secrets__MasterKey"] = newKey, ["Bulwark__Secrets__PreviousMasterKeys__0"] = newKey },
            "master-key", "rewrap");
        var (code, output) = await server.RunCliAsync(
            new Dictionary<string, string> { ["Bulwark__Secrets__MasterKey"] = newKey, ["Bulwark__Secrets__PreviousMasterKeys__0"] = oldKey },
            "master-key", "rewrap");
        await File.WriteAllTextAsync(file, newKey);
        await server.RestartAsync();

        Assert.Equal(2, wrongCode);
        Assert.Contains("opens with none of the master keys", wrongOutput, StringComparison.Ordinal);
        Assert.True(code == 0, output);
        Assert.Contains("Wrapped 1 token keys and 2 legacy secrets", output, StringComparison.Ordinal); // the demo's key and this one
        Assert.Equal(secret, await server.LegacySecretAsync(key));
        var assessment = await server.AssessAsync($$"""{"token":"{{token}}"}""");
        Assert.True(assessment.GetProperty("tokenProperties").GetProperty("valid").GetBoolean(), assessment.ToString());
    }

    [Theory]
    [InlineData("Bulwark__Secrets__PreviousMasterKeys__0", "too-short", "PreviousMasterKeys:0")]
    [InlineData("Bulwark__Network__TrustedProxies__0", "not-a-cidr", "TrustedProxies")]
    [InlineData("Bulwark__Storage__Provider", "Oracle", "Provider")]
    [InlineData("Bulwark__Secrets__MasterKey", "too-short", "MasterKey")]
    [InlineData("Bulwark__Bootstrap__Project", "Bad_Project", "Bootstrap:Project")]
    [InlineData("Bulwark__Risk__Velocity__FlushInterval", "00:05:00", "FlushInterval")]
    [InlineData("Bulwark__Risk__Velocity__MaxKeys", "5", "MaxKeys")]
    [InlineData("Bulwark__Risk__Reputation__ReloadInterval", "00:00:00", "ReloadInterval")]
    [InlineData("Bulwark__Risk__Model__ReloadInterval", "00:00:00", "ReloadInterval")]
    [InlineData("Bulwark__Assessments__PruneInterval", "00:00:00", "PruneInterval")]
    public async Task Start_BadSetting_FailsWithAClearMessage(string name, string value, string mentioned)
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => BulwarkServer.StartAsync(settings: new Dictionary<string, string> { [name] = value }));
        Assert.Contains(mentioned, ex.Message, StringComparison.Ordinal);
    }
}
