using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests.ScaleOut;

/// <summary>
/// A node on PostgreSQL while its database stops and starts again (a server of the test's own:
/// <see cref="PostgresServer"/>). Requests that need the database are told to retry, nothing they
/// tried is half-done, the log says it once, and the node serves again as soon as the database is back.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private BulwarkServer _node = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _node = await BulwarkServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Bulwark__Storage__Provider"] = "Postgres",
            ["Bulwark__Storage__ConnectionString"] = _postgres.ConnectionString,
            ["Bulwark__Secrets__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Bulwark__Limits__TokenRequestsPerMinute"] = "0",
            ["Bulwark__Demo__Enabled"] = "false",
            ["Logging__LogLevel__Bulwark.Core.Storage.StoreOutageLog"] = "Information",

            // The background work that reads or writes the store runs every second, so that it meets the outage too.
            ["Bulwark__TokenKeys__RefreshInterval"] = "00:00:01",
            ["Bulwark__Risk__Model__ReloadInterval"] = "00:00:01",
            ["Bulwark__Assessments__PruneInterval"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Outage_DatabaseStopsAndStartsAgain_AnswersUnavailableMeanwhileThenServesAgain()
    {
        var key = await _node.CreateWebKeyAsync(["localhost"]);
        var secret = await SecretAsync(key);
        var tokens = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tokens.Add(await _node.TokenAsync(key));
        }

        // Before: served (and the key and its secret are in the node's caches).
        Assert.True((await AssessAsync(tokens[0])).Json.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());
        Assert.True((await SiteverifyAsync(secret, tokens[1])).Json.GetProperty("success").GetBoolean());

        await _postgres.StopAsync();

        // createAssessment: google.rpc.Status UNAVAILABLE, every time, which clients retry.
        for (var i = 0; i < 20; i++)
        {
            var (status, json) = await AssessAsync(tokens[2]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal(503, json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal("UNAVAILABLE", json.GetProperty("error").GetProperty("status").GetString());
        }

        // The admin API, which reads the database: the same.
        using (var list = await _node.SendAsync(HttpMethod.Get, $"/v1/projects/{BulwarkServer.Project}/keys"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
            Assert.Equal("UNAVAILABLE", JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("status").GetString());
        }

        // siteverify: its own shape.
        var verify = await SiteverifyAsync(secret, tokens[3]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, verify.Status);
        Assert.False(verify.Json.GetProperty("success").GetBoolean());
        Assert.Equal("unavailable", verify.Json.GetProperty("error-codes")[0].GetString());

        // Token issuance needs no database for a key the node knows: pages keep getting tokens.
        var issuedDuringOutage = await _node.TokenAsync(key);

        // Long enough for each background task (key ring, behaviour model, pruner, velocity flush) to fail a few times.
        await Task.Delay(TimeSpan.FromSeconds(3));

        await _postgres.ResumeAsync();

        // The token whose assessments failed was not spent by them: once the database is back it is valid, once.
        var after = await AssessWhileUnavailableAsync(tokens[2]);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.True(after.Json.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());
        Assert.Equal("DUPE", (await AssessAsync(tokens[2])).Json.GetProperty("tokenProperties").GetProperty("invalidReason").GetString());
        Assert.True((await SiteverifyAsync(secret, tokens[3])).Json.GetProperty("success").GetBoolean());
        Assert.True((await AssessAsync(issuedDuringOutage)).Json.GetProperty("tokenProperties").GetProperty("valid").GetBoolean());

        // Stored: the five answered assessments (tokens 0 and 2 twice, siteverify's 1 and 3, the one issued meanwhile), nothing of the failed ones.
        await using (var db = NpgsqlDataSource.Create(_postgres.ConnectionString))
        await using (var count = db.CreateCommand("SELECT COUNT(*) FROM assessments"))
        {
            Assert.Equal(6L, (long)(await count.ExecuteScalarAsync())!);
        }

        // The log: the outage once (not one error per request or per background pass), its end, and no
        // unhandled-exception traces or background warnings with their stacks.
        var log = _node.Output.ToArray();
        Assert.Single(log, line => line.Contains("The database is unavailable", StringComparison.Ordinal));
        Assert.Single(log, line => line.Contains("The database is available again", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(log, line => line.Contains(" failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outage_DatabaseRestartsUnderLoad_EveryAnsweredAssessmentIsStoredAndNoTokenIsAcceptedTwice()
    {
        var key = await _node.CreateWebKeyAsync(["localhost"]);
        var tokens = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            tokens.Add(await _node.TokenAsync(key));
        }

        // Each token is tried until it gets an answer (a client retrying UNAVAILABLE), by 32 clients at once;
        // the database stops after 150 answers and starts again a second later.
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(tokens);
        var answered = new System.Collections.Concurrent.ConcurrentBag<(string Id, bool Valid)>();
        var unavailable = 0;
        var outage = 0;
        Task? restart = null;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            while (queue.TryDequeue(out var token))
            {
                for (var attempt = 0; ; attempt++)
                {
                    if (answered.Count >= 150 && Interlocked.Exchange(ref outage, 1) == 0)
                    {
                        restart = Task.Run(async () =>
                        {
                            await _postgres.StopAsync();
                            await Task.Delay(1000);
                            await _postgres.ResumeAsync();
                        });
                    }

                    var (status, json) = await AssessAsync(token);
                    if (status == HttpStatusCode.OK)
                    {
                        answered.Add((json.GetProperty("name").GetString()!.Split('/')[^1], json.GetProperty("tokenProperties").GetProperty("valid").GetBoolean()));
                        break;
                    }

                    Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                    Interlocked.Increment(ref unavailable);
                    Assert.True(attempt < 200, "still unavailable after 200 tries");
                    await Task.Delay(50);
                }
            }
        }));
        await restart!;

        Assert.Equal(600, answered.Count);
        Assert.True(unavailable > 0, "the restart was not seen");
        await using var db = NpgsqlDataSource.Create(_postgres.ConnectionString);
        await using (var stored = db.CreateCommand("SELECT COUNT(*) FROM assessments WHERE id = ANY($1)"))
        {
            stored.Parameters.Add(new() { Value = answered.Select(a => a.Id).ToArray() });
            Assert.Equal(600L, (long)(await stored.ExecuteScalarAsync())!);
        }

        // At most one valid answer per token; a token whose commit broke mid-way may have been spent unanswered (then its retry says DUPE).
        await using (var spent = db.CreateCommand("SELECT COUNT(*) FROM spent_tokens"))
        {
            var valid = answered.Count(a => a.Valid);
            output.WriteLine($"600 answered, {valid} valid; {unavailable} UNAVAILABLE answers during the restart");
            Assert.InRange(valid, 600 - 32, 600);
            Assert.InRange((long)(await spent.ExecuteScalarAsync())!, valid, 600);
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> AssessAsync(string token)
    {
        using var response = await _node.SendAsync(HttpMethod.Post, $"/v1/projects/{BulwarkServer.Project}/assessments", $$$"""{"event":{"token":"{{{token}}}"}}""");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>As a client library would: retries while the answer is UNAVAILABLE (the pool may hold connections the restart cut).</summary>
    private async Task<(HttpStatusCode Status, JsonElement Json)> AssessWhileUnavailableAsync(string token)
    {
        for (var attempt = 0; ; attempt++)
        {
            var answer = await AssessAsync(token);
            if (answer.Status != HttpStatusCode.ServiceUnavailable || attempt == 20)
            {
                return answer;
            }

            await Task.Delay(250);
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> SiteverifyAsync(string secret, string token)
    {
        using var response = await _node.Http.PostAsync("/recaptcha/api/siteverify", new FormUrlEncodedContent([KeyValuePair.Create("secret", secret), KeyValuePair.Create("response", token)]));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<string> SecretAsync(string key)
    {
        using var response = await _node.SendAsync(HttpMethod.Get, $"/v1/projects/{BulwarkServer.Project}/keys/{key}:retrieveLegacySecretKey");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("legacySecretKey").GetString()!;
    }
}
