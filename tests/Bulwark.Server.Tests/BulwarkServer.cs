using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Bulwark.Server.Tests;

/// <summary>
/// The real server, as an operator runs it: the built executable in its own process, on a
/// loopback port the OS picks, with its own data directory. Restartable on the same data.
/// </summary>
public sealed partial class BulwarkServer : IAsyncDisposable
{
    public const string Project = "acme-shop";
    public const string ApiKey = "test-api-key-0123456789abcdef";

    private readonly Dictionary<string, string> _environment;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process? _process;

    private BulwarkServer(string dataDir, Dictionary<string, string> environment)
    {
        DataDir = dataDir;
        _environment = environment;
    }

    public string DataDir { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>What the server has written to its standard output (its log) since it started listening, a line each (the first 20,000).</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <param name="dataDir">A data directory to start on (a restored backup, say) instead of a new empty one; the server deletes it when disposed.</param>
    public static async Task<BulwarkServer> StartAsync(bool fullScoreLevels = true, IDictionary<string, string>? settings = null, string? dataDir = null)
    {
        dataDir ??= Directory.CreateTempSubdirectory("bulwark-server-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Bulwark__DataDir"] = dataDir,
            ["Bulwark__Bootstrap__Project"] = Project,
            ["Bulwark__Bootstrap__ApiKey"] = ApiKey,
            ["Bulwark__Bootstrap__FullScoreLevels"] = fullScoreLevels ? "true" : "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            environment[k] = v;
        }

        var server = new BulwarkServer(dataDir, environment);
        try
        {
            await server.LaunchAsync();
        }
        catch
        {
            // A server that never started (the bad-settings tests) still leaves nothing behind.
            Directory.Delete(dataDir, recursive: true);
            throw;
        }

        return server;
    }

    /// <summary>The server DLL next to these tests (the project reference builds and copies it).</summary>
    public static string ServerDll => Environment.GetEnvironmentVariable("BULWARK_SERVER_DLL") is { Length: > 0 } path
        ? path
        : Path.Combine(AppContext.BaseDirectory, "Bulwark.Server.dll");

    /// <summary>Runs the executable once (a CLI verb) against this server's data directory.</summary>
    public Task<(int ExitCode, string Output)> RunCliAsync(params string[] args) => RunCliAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the executable once (a CLI verb) against this server's data directory, with <paramref name="settings"/> added to its environment.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(IDictionary<string, string> settings, params string[] args)
    {
        var info = StartInfo(args);
        foreach (var (k, v) in settings)
        {
            info.Environment[k] = v;
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    /// <summary>
    /// Stops the process (SIGKILL when <paramref name="kill"/>, a graceful SIGTERM otherwise) and starts it again on the same data,
    /// with <paramref name="settings"/> changed (an empty value removes a setting), as an operator rolls out a configuration change.
    /// </summary>
    public async Task RestartAsync(bool kill = false, IDictionary<string, string>? settings = null)
    {
        await StopAsync(kill);
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            if (v.Length == 0)
            {
                _environment.Remove(k);
            }
            else
            {
                _environment[k] = v;
            }
        }

        await LaunchAsync();
    }

    public async Task StopAsync(bool kill = false)
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            if (kill)
            {
                _process.Kill();
            }
            else
            {
                await ProcessSignals.TerminateAsync(_process);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
        _process = null;
        Http.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(kill: true);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Creates a web key through the API and returns its id.</summary>
    public async Task<string> CreateWebKeyAsync(string[] domains, string? extraJson = null)
    {
        var body = $$"""{"displayName":"test key","webSettings":{"allowedDomains":{{JsonSerializer.Serialize(domains)}},"integrationType":"SCORE"}{{extraJson}}}""";
        using var response = await SendAsync(HttpMethod.Post, $"/v1/projects/{Project}/keys", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("name").GetString()!.Split('/')[^1];
    }

    /// <summary>
    /// Asks for a token the way enterprise.js does, from a page on <paramref name="origin"/>: fetch a
    /// collector challenge, put it in the signals and prove the payload (unless <paramref name="bind"/> is false,
    /// as a hand-built payload would be).
    /// </summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(string siteKey, string origin, string action = "login", string? signals = null, string userAgent = HumanUserAgent, bool bind = true)
    {
        var s = signals ?? HumanSignals;
        var proof = string.Empty;
        if (bind && s.StartsWith('{'))
        {
            using var challengeRequest = new HttpRequestMessage(HttpMethod.Get, $"/recaptcha/enterprise/challenge?k={siteKey}");
            challengeRequest.Headers.Add("Origin", origin);
            using var challengeResponse = await Http.SendAsync(challengeRequest);
            if (challengeResponse.IsSuccessStatusCode)
            {
                var challenge = (await challengeResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("c").GetString()!;
                s = $$"""{"cn":"{{challenge}}","ca":20,{{s[1..]}}""";
                proof = $$""","p":"{{Core.Signals.PayloadProof.Compute(challenge, s)}}" """;
            }
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"/recaptcha/enterprise/token?k={siteKey}")
        {
            Content = new StringContent($$"""{"a":"{{action}}","s":{{s}}{{proof}}}"""),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.Add("Origin", origin);
        request.Headers.UserAgent.ParseAdd(userAgent);
        return await Http.SendAsync(request);
    }

    public async Task<string> TokenAsync(string siteKey, string origin = "http://localhost:3000", string action = "login")
    {
        using var response = await RequestTokenAsync(siteKey, origin, action);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("token").GetString()!;
    }

    public const string HumanUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    public const string HumanSignals = """{"wd":false,"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","pl":5,"lg":2,"hc":8,"sw":1920,"sh":1080,"ow":1280,"oh":900,"tz":"Europe/Berlin","mm":80,"kd":12,"ck":1,"el":6000,"er":0}""";

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? apiKey = ApiKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        if (apiKey is not null)
        {
            request.Headers.Add("x-goog-api-key", apiKey);
        }

        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> AssessAsync(string eventJson, string project = Project)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v1/projects/{project}/assessments", $$"""{"event":{{eventJson}}}""");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }

    /// <summary>A site key's legacy secret, through retrieveLegacySecretKey.</summary>
    public async Task<string> LegacySecretAsync(string siteKey)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/projects/{Project}/keys/{siteKey}:retrieveLegacySecretKey");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("legacySecretKey").GetString()!;
    }

    /// <summary>Reads the server's database directly, to check what was (not) stored.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "bulwark.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<string?> FeaturesAsync(string assessmentName)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "bulwark.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT features FROM assessments WHERE id = $id";
        command.Parameters.AddWithValue("$id", assessmentName.Split('/')[^1]);
        return await command.ExecuteScalarAsync() is byte[] features ? Bulwark.Core.Assessments.StoredFeatures.Decode(features) : null;
    }

    /// <summary>
    /// Assesses fresh tokens on this node until one is scored by <paramref name="engine"/> (nodes
    /// reload the active behaviour model on a timer), or gives the last engine seen after 30 s.
    /// <paramref name="featuresOf"/> reads an assessment's stored features (this node's SQLite file by default).
    /// </summary>
    public async Task<string?> AssessUntilScoredByAsync(string siteKey, string engine, Func<string, Task<string?>>? featuresOf = null)
    {
        featuresOf ??= FeaturesAsync;
        string? seen = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && seen != engine; await Task.Delay(200))
        {
            var token = await TokenAsync(siteKey);
            var assessment = await AssessAsync($$"""{"token":"{{token}}","userAgent":"{{HumanUserAgent}}"}""");
            var features = await featuresOf(assessment.GetProperty("name").GetString()!);
            seen = JsonDocument.Parse(features!).RootElement.GetProperty("engine").GetString();
        }

        return seen;
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (k, v) in _environment)
        {
            info.Environment[k] = v;
        }

        return info;
    }

    private async Task LaunchAsync()
    {
        _process = Process.Start(StartInfo(["--urls", "http://127.0.0.1:0"]))!;
        var errors = new System.Text.StringBuilder();
        _process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await _process.WaitForExitAsync(timeout.Token);
                throw new InvalidOperationException($"Bulwark exited with {_process.ExitCode} before listening: {errors}");
            }

            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                BaseAddress = new Uri(match.Groups[1].Value);
                break;
            }
        }

        // Keep draining stdout so the server never blocks on a full pipe.
        var stdout = _process.StandardOutput;
        _ = Task.Run(async () =>
        {
            try
            {
                while (await stdout.ReadLineAsync() is { } line)
                {
                    if (_output.Count < 20_000)
                    {
                        _output.Enqueue(line);
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException)
            {
                // The process was stopped.
            }
        });
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
