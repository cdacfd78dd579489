using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace Bulwark.Server.Tests.ScaleOut;

/// <summary>
/// Two identical nodes on one PostgreSQL, behind nginx: the invariants must hold across them.
/// Needs BULWARK_TEST_POSTGRES (the test command starts PostgreSQL) and nginx.
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private BulwarkServer _a = null!;
    private BulwarkServer _b = null!;
    private NginxBalancer _nginx = null!;
    private HttpClient _front = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("bulwark_nodes");
        _connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxPoolSize = 40 }.ConnectionString;
        var settings = new Dictionary<string, string>
        {
            ["Bulwark__Storage__Provider"] = "Postgres",
            ["Bulwark__Storage__ConnectionString"] = _connectionString,
            ["Bulwark__Secrets__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Bulwark__Limits__TokenRequestsPerMinute"] = "0",
            ["Bulwark__Demo__Enabled"] = "false",
            ["Bulwark__Risk__Model__ReloadInterval"] = "00:00:01",
        };

        // Both start at once: migrations and the first key of the ring race, and must agree.
        var nodes = await Task.WhenAll(BulwarkServer.StartAsync(settings: settings), BulwarkServer.StartAsync(settings: settings));
        (_a, _b) = (nodes[0], nodes[1]);
        _nginx = await NginxBalancer.StartAsync([_a.BaseAddress, _b.BaseAddress]);
        _front = new HttpClient { BaseAddress = _nginx.BaseAddress };
        _front.DefaultRequestHeaders.Add("x-goog-api-key", BulwarkServer.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _front.Dispose();
        await _nginx.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Models_ImportedThroughOneNode_ScoreOnBoth()
    {
        var key = await _a.CreateWebKeyAsync(["localhost"]);
        var file = Path.Combine(_a.DataDir, "site-model.json");
        await File.WriteAllTextAsync(file, """{"version":"site-2026-11-22.2","models":{"keys":{"requires":"kn","bias":-1,"features":[]}}}""");

        var (code, output) = await _a.RunCliAsync("models", "import", file, "--activate");

        Assert.True(code == 0, output);
        foreach (var node in new[] { _a, _b })
        {
            Assert.Equal("rules-2+site-2026-11-22.2", await node.AssessUntilScoredByAsync(key, "rules-2+site-2026-11-22.2", FeaturesAsync));
        }
    }

    private async Task<string?> FeaturesAsync(string assessmentName)
    {
        await using var db = NpgsqlDataSource.Create(_connectionString);
        await using var command = db.CreateCommand("SELECT features FROM assessments WHERE id = $1");
        command.Parameters.Add(new() { Value = assessmentName[(assessmentName.LastIndexOf('/') + 1)..] });
        return Bulwark.Core.Assessments.StoredFeatures.Decode((byte[])(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Replays_TenThousandAttemptsOfAThousandTokensOnTwoNodes_AcceptEachTokenExactlyOnce()
    {
        var key = await _a.CreateWebKeyAsync(["localhost"]);
        var tokens = await MintAsync(key, 1000);

        var accepted = new ConcurrentDictionary<string, int>();
        var dupes = 0;
        var errors = 0;
        // Ten tokens at a time; each token's ten attempts go out together, five to each node.
        foreach (var group in tokens.Chunk(10))
        {
            await Task.WhenAll(group.SelectMany(token => Enumerable.Range(0, 10).Select(async i =>
            {
                var node = i % 2 == 0 ? _a : _b;
                using var response = await node.SendAsync(HttpMethod.Post, "/v1/projects/acme-shop/assessments", $$$"""{"event":{"token":"{{{token}}}"}}""");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                    return;
                }

                var tp = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokenProperties");
                if (tp.GetProperty("valid").GetBoolean())
                {
                    accepted.AddOrUpdate(token, 1, (_, n) => n + 1);
                }
                else if (tp.GetProperty("invalidReason").GetString() == "DUPE")
                {
                    Interlocked.Increment(ref dupes);
                }
            })));
        }

        Assert.Equal(0, errors);
        Assert.Equal(1000, accepted.Count);
        Assert.All(accepted.Values, n => Assert.Equal(1, n));
        Assert.Equal(9000, dupes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stop_NodeDuringLoad_EveryAnsweredAssessmentIsStored(bool kill)
    {
        var key = await _a.CreateWebKeyAsync(["localhost"]);
        var tokens = new ConcurrentQueue<string>(await MintAsync(key, 600));
        var answered = new ConcurrentBag<string>();
        var killed = 0;
        var unavailable = 0;

        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            while (tokens.TryDequeue(out var token))
            {
                if (answered.Count >= 150 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    await _b.StopAsync(kill);
                }

                try
                {
                    using var response = await _front.PostAsync("/v1/projects/acme-shop/assessments", new StringContent($$$"""{"event":{"token":"{{{token}}}"}}""", System.Text.Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        answered.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!.Split('/')[^1]);
                    }
                    else if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError)
                    {
                        // Bulwark itself refused: on a graceful stop, in-flight work must be drained instead.
                        Interlocked.Increment(ref unavailable);
                    }
                }
                catch (HttpRequestException)
                {
                    // No answer, no promise: only answered assessments must be stored.
                }
            }
        }));

        Assert.Equal(1, killed);
        if (!kill)
        {
            Assert.Equal(0, unavailable);
        }

        Assert.True(answered.Count > 300, $"only {answered.Count} answers");
        await using var db = NpgsqlDataSource.Create(_connectionString);
        await using var count = db.CreateCommand("SELECT COUNT(*) FROM assessments WHERE id = ANY($1)");
        count.Parameters.Add(new() { Value = answered.ToArray() });
        Assert.Equal(answered.Count, (long)(await count.ExecuteScalarAsync())!);
    }

    private async Task<string[]> MintAsync(string key, int count)
    {
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/recaptcha/enterprise/token?k={key}") { Content = new StringContent($$"""{"a":"login","s":{{BulwarkServer.HumanSignals}}}""") };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            request.Headers.Add("Origin", "http://localhost");
            using var response = await _front.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            tokens[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
        });
        return tokens;
    }
}
