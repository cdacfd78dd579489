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
//                                             (GET /), and POST /echo answering with the request's body
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

    // The same bytes as a createAssessment each way and no work: what the protocol's size costs alone.
    app.MapPost("/echo", async (HttpContext http) =>
    {
        var reader = http.Request.BodyReader;
        var read = await reader.ReadAsync();
        while (!read.IsCompleted)
        {
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await reader.ReadAsync();
        }

        http.Response.ContentType = "application/json";
        http.Response.ContentLength = read.Buffer.Length;
        foreach (var segment in read.Buffer)
        {
            await http.Response.BodyWriter.WriteAsync(segment);
        }

        reader.AdvanceTo(read.Buffer.End);
    });
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
    // Open loop (OpenLoopGenerator): the bare endpoint's row shows the generator's own floor, and the
    // CPU it used per request is printed with the latencies. Raw HTTP/1.1 on keep-alive connections
    // (HttpClient cost ~40 us of CPU per request, which the server's two cores would have paid); a
    // warm-up at the same rate (JIT, connections) is not counted.
    const int Connections = 256;
    const int Loops = 2;
    var target = new Uri(url);
    var warmup = Math.Max(1, seconds / 2);
    var tokens = file is null ? [] : kind == "token" ? [await File.ReadAllTextAsync(file)] : await File.ReadAllLinesAsync(file);
    var skipped = (int)(rate * warmup);
    var total = skipped + (int)(rate * seconds);
    // Every request is built before the clock starts, as wrk's init does: formatting ~2.5 KB per
    // request on the fly made the generator allocate ~100 MB/s, and its collections landed in the
    // latencies it measures.
    var distinct = kind is "assess" or "siteverify" ? tokens.Length : 1;
    var requests = Enumerable.Range(0, distinct).Select(j => Raw(target, kind, tokens, j, key, siteKey)).ToArray();
    tokens = [];
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

    var generator = new OpenLoopGenerator(target, requests, rate, skipped, total);
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var started = Stopwatch.GetTimestamp();
    generator.Run(Connections, Loops);
    var ended = Stopwatch.GetTimestamp();
    var cpuPerRequest = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / total;

    var achieved = (total - skipped) / Stopwatch.GetElapsedTime(Math.Max(started, generator.MeasuredFrom), ended).TotalSeconds;
    var latencies = generator.Latencies;
    Array.Sort(latencies);
    var n = latencies.Length;
    Console.WriteLine(FormattableString.Invariant($"rate={rate:F0} achieved={achieved:F0} requests={n} p50_ms={latencies[n / 2]:F2} p99_ms={latencies[(int)(n * 0.99)]:F2} max_ms={latencies[n - 1]:F2} errors={generator.Errors} generator_cpu_us={cpuPerRequest:F1}"));
    return 0;
}

static byte[] Raw(Uri target, string kind, string[] tokens, int i, string? key, string? siteKey)
{
    var token = tokens.Length == 0 ? string.Empty : tokens[kind == "replay" ? 0 : i % tokens.Length];
    var host = $"Host: {target.Authority}\r\n";
    var path = target.PathAndQuery;
    return Encoding.UTF8.GetBytes(kind switch
    {
        "ceiling" => $"GET {path} HTTP/1.1\r\n{host}\r\n",
        "token" => Post(path, host, "text/plain;charset=UTF-8", token, Browser.TokenHeaders),
        "assess" or "replay" => Post(path, host, "application/json", Browser.AssessmentBody(token, siteKey ?? string.Empty), $"x-goog-api-key: {key}\r\n"),
        "siteverify" => Post(path, host, "application/x-www-form-urlencoded", $"secret={key}&response={token}&remoteip=127.0.0.1", string.Empty),
        _ => throw new ArgumentException($"unknown kind {kind}"),
    });

    static string Post(string path, string host, string type, string body, string headers) =>
        $"POST {path} HTTP/1.1\r\n{host}Content-Type: {type}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{headers}\r\n{body}";
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

    /// <summary>The browser's headers on the token request, besides Origin.</summary>
    private static readonly (string Name, string Value)[] Headers =
    [
        ("User-Agent", UserAgent),
        ("Accept-Language", "en-US,en;q=0.9"),
        ("sec-ch-ua", "\"Chromium\";v=\"156\", \"Not_A Brand\";v=\"24\""),
        ("sec-ch-ua-mobile", "?0"),
        ("sec-ch-ua-platform", "\"Linux\""),
    ];

    /// <summary>The same headers as raw HTTP/1.1 lines, for the open-loop generator.</summary>
    public static readonly string TokenHeaders =
        "Origin: http://localhost\r\n" + string.Concat(Headers.Select(h => $"{h.Name}: {h.Value}\r\n"));

    public static HttpRequestMessage TokenRequest(string url, string body, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        request.Headers.Add("Origin", origin);
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static string AssessmentBody(string token, string siteKey) =>
        $"{{\"event\":{{\"token\":\"{token}\",\"siteKey\":\"{siteKey}\",\"expectedAction\":\"login\",\"userAgent\":\"{UserAgent}\",\"userIpAddress\":\"127.0.0.1\"}}}}";
}
