using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bulwark.Core.Signals;

// The load benchmark's helpers (benchmarks/run.sh drives them with wrk). Tokens are asked for the way
// enterprise.js asks in Chromium on Linux: a person's collector v2 payload
// (benchmarks/payloads/signals-chromium-linux.json) with a real challenge and its proof, and the
// browser's headers; assessments carry what a site's backend sends (token, site key, expected action,
// user agent, user address).
//   ceiling --urls URL                        a bare Kestrel endpoint returning a small JSON object
//   token-body BASE KEY FILE                  one token request body (with a fresh challenge) for wrk
//   mint BASE KEY ORIGIN COUNT FILE           COUNT fresh tokens, one a line
//   rate URL KIND RATE SECONDS [FILE] [KEY] [SITEKEY]
//                                             open-loop load at RATE req/s after a warm-up of SECONDS/2
//                                             at that rate; prints p50/p99 in ms and errors
//     KIND: ceiling | token (FILE: a token-body file) | assess | replay (FILE: tokens, KEY: API key)
//           | siteverify (FILE: tokens, KEY: legacy secret); FILE needs RATE × (SECONDS + SECONDS/2) tokens
return args.FirstOrDefault() switch
{
    "ceiling" => Ceiling(args[1..]),
    "token-body" => await TokenBodyAsync(args[1], args[2], args[3]),
    "mint" => await MintAsync(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), args[5]),
    "rate" => await RateAsync(args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), args.ElementAtOrDefault(5), args.ElementAtOrDefault(6), args.ElementAtOrDefault(7)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ceiling --urls URL | token-body BASE KEY FILE | mint BASE KEY ORIGIN COUNT FILE | rate URL KIND RATE SECONDS [FILE] [KEY] [SITEKEY]");
    return 2;
}

static int Ceiling(string[] args)
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Logging.ClearProviders();
    var app = builder.Build();
    var body = "{\"ok\":true,\"service\":\"ceiling\"}"u8.ToArray();
    app.MapGet("/", () => Results.Bytes(body, "application/json"));
    app.MapPost("/", () => Results.Bytes(body, "application/json"));
    app.Run();
    return 0;
}

static async Task<int> TokenBodyAsync(string baseUrl, string key, string file)
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    await File.WriteAllTextAsync(file, await Browser.TokenBodyAsync(http, key));
    return 0;
}

static async Task<int> MintAsync(string baseUrl, string key, string origin, int count, string file)
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl) };
    var body = await Browser.TokenBodyAsync(http, key);
    var tokens = new string[count];
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
    {
        using var request = Browser.TokenRequest($"/recaptcha/enterprise/token?k={key}", body, origin);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        tokens[i] = json.RootElement.GetProperty("token").GetString()!;
    });
    await File.WriteAllLinesAsync(file, tokens);
    return 0;
}

static async Task<int> RateAsync(string url, string kind, double rate, int seconds, string? file, string? key, string? siteKey)
{
    // Open loop in the manner of wrk2: request i is due at i/rate whatever happened to the others,
    // and its latency counts from then, so a stall delays (and is charged to) every request behind it.
    // A fixed pool of connections sends; a warm-up at the same rate (JIT, connections) is not counted.
    const int Connections = 256;
    var warmup = Math.Max(1, seconds / 2);
    var tokens = file is null ? [] : kind == "token" ? [await File.ReadAllTextAsync(file)] : await File.ReadAllLinesAsync(file);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromSeconds(30) };
    var skipped = (int)(rate * warmup);
    var total = skipped + (int)(rate * seconds);
    var latencies = new double[total - skipped];
    var errors = 0;
    var due = System.Threading.Channels.Channel.CreateUnbounded<int>(new() { SingleWriter = true });
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
    {
        await foreach (var i in due.Reader.ReadAllAsync())
        {
            var failed = false;
            try
            {
                using var request = Build(url, kind, tokens, i, key, siteKey);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                failed = !response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                failed = true;
            }
            catch (TaskCanceledException)
            {
                failed = true;
            }

            if (i >= skipped)
            {
                latencies[i - skipped] = (clock.Elapsed.TotalSeconds - (i / rate)) * 1000;
                if (failed)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }
    })).ToArray();

    var measuredFrom = TimeSpan.Zero;
    for (var i = 0; i < total; i++)
    {
        var wait = (i / rate) - clock.Elapsed.TotalSeconds;
        if (wait > 0.001)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait));
        }

        if (i == skipped)
        {
            measuredFrom = clock.Elapsed;
        }

        due.Writer.TryWrite(i);
    }

    due.Writer.Complete();
    await Task.WhenAll(workers);
    var achieved = (total - skipped) / (clock.Elapsed - measuredFrom).TotalSeconds;
    Array.Sort(latencies);
    var n = latencies.Length;
    Console.WriteLine(FormattableString.Invariant($"rate={rate:F0} achieved={achieved:F0} requests={n} p50_ms={latencies[n / 2]:F2} p99_ms={latencies[(int)(n * 0.99)]:F2} max_ms={latencies[n - 1]:F2} errors={errors}"));
    return 0;
}

static HttpRequestMessage Build(string url, string kind, string[] tokens, int i, string? key, string? siteKey)
{
    var token = tokens.Length == 0 ? string.Empty : tokens[kind == "replay" ? 0 : i % tokens.Length];
    switch (kind)
    {
        case "ceiling":
            return new HttpRequestMessage(HttpMethod.Get, url);
        case "token":
            return Browser.TokenRequest(url, token, "http://localhost");
        case "assess":
        case "replay":
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Browser.AssessmentBody(token, siteKey ?? string.Empty), Encoding.UTF8, "application/json") };
                request.Headers.Add("x-goog-api-key", key);
                return request;
            }

        case "siteverify":
            return new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([new("secret", key!), new("response", token), new("remoteip", "127.0.0.1")]) };
        default:
            throw new ArgumentException($"unknown kind {kind}");
    }
}

/// <summary>What a person's Chromium on Linux sends, and what a site's backend sends about it.</summary>
internal static class Browser
{
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    public const string SignalsFile = "benchmarks/payloads/signals-chromium-linux.json";

    /// <summary>The body enterprise.js posts: the signals with a fresh challenge, and the proof over them.</summary>
    public static async Task<string> TokenBodyAsync(HttpClient http, string siteKey)
    {
        var signals = (await File.ReadAllTextAsync(SignalsFile)).Trim();
        using var response = await http.GetAsync($"/recaptcha/enterprise/challenge?k={siteKey}");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var challenge = json.RootElement.GetProperty("c").GetString()!;
        // The page clock's age of the challenge (ms) goes first, as the script writes it.
        var withChallenge = "{\"cn\":\"" + challenge + "\",\"ca\":8450," + signals[1..];
        return "{\"a\":\"login\",\"s\":" + withChallenge + ",\"p\":\"" + PayloadProof.Compute(challenge, withChallenge) + "\"}";
    }

    public static HttpRequestMessage TokenRequest(string url, string body, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        request.Headers.Add("Origin", origin);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("Accept-Language", "en-US,en;q=0.9");
        request.Headers.TryAddWithoutValidation("sec-ch-ua", "\"Chromium\";v=\"156\", \"Not_A Brand\";v=\"24\"");
        request.Headers.TryAddWithoutValidation("sec-ch-ua-mobile", "?0");
        request.Headers.TryAddWithoutValidation("sec-ch-ua-platform", "\"Linux\"");
        return request;
    }

    public static string AssessmentBody(string token, string siteKey) =>
        $"{{\"event\":{{\"token\":\"{token}\",\"siteKey\":\"{siteKey}\",\"expectedAction\":\"login\",\"userAgent\":\"{UserAgent}\",\"userIpAddress\":\"127.0.0.1\"}}}}";
}
