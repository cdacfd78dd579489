using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// The load benchmark's helpers (benchmarks/run.sh drives them with wrk):
//   ceiling --urls URL                        a bare Kestrel endpoint returning a small JSON object
//   mint BASE KEY ORIGIN COUNT FILE           COUNT fresh tokens, one a line
//   rate URL KIND RATE SECONDS [FILE] [KEY]   open-loop load at RATE req/s; prints p50/p99 in ms and errors
//     KIND: token | assess | replay | siteverify (FILE: tokens; KEY: API key or legacy secret)
return args.FirstOrDefault() switch
{
    "ceiling" => Ceiling(args[1..]),
    "mint" => await MintAsync(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), args[5]),
    "rate" => await RateAsync(args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), args.ElementAtOrDefault(5), args.ElementAtOrDefault(6)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ceiling --urls URL | mint BASE KEY ORIGIN COUNT FILE | rate URL KIND RATE SECONDS [FILE] [KEY]");
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

static async Task<int> MintAsync(string baseUrl, string key, string origin, int count, string file)
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl) };
    var tokens = new string[count];
    var body = "{\"a\":\"login\",\"s\":{\"wd\":false,\"ua\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0\",\"lg\":2,\"pl\":5,\"ow\":1280,\"oh\":900,\"mm\":60,\"kd\":10,\"el\":5000}}";
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/recaptcha/enterprise/token?k={key}") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.Add("Origin", origin);
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0");
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        tokens[i] = json.RootElement.GetProperty("token").GetString()!;
    });
    await File.WriteAllLinesAsync(file, tokens);
    return 0;
}

static async Task<int> RateAsync(string url, string kind, double rate, int seconds, string? file, string? key)
{
    var tokens = file is null ? [] : await File.ReadAllLinesAsync(file);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
    var total = (int)(rate * seconds);
    var latencies = new double[total];
    var errors = 0;
    var pending = new List<Task>(total);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        // Open loop: request i is due at i/rate whatever happened to the others; latency counts from then.
        var due = i / rate;
        var wait = due - clock.Elapsed.TotalSeconds;
        if (wait > 0.002)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait));
        }

        var index = i;
        pending.Add(Task.Run(async () =>
        {
            try
            {
                using var request = Build(url, kind, tokens, index, key);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref errors);
            }

            latencies[index] = (clock.Elapsed.TotalSeconds - due) * 1000;
        }));
    }

    await Task.WhenAll(pending);
    var achieved = total / clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    Console.WriteLine(FormattableString.Invariant($"rate={rate:F0} achieved={achieved:F0} requests={total} p50_ms={latencies[total / 2]:F2} p99_ms={latencies[(int)(total * 0.99)]:F2} errors={errors}"));
    return 0;
}

static HttpRequestMessage Build(string url, string kind, string[] tokens, int i, string? key)
{
    var token = tokens.Length == 0 ? string.Empty : tokens[kind == "replay" ? 0 : i % tokens.Length];
    switch (kind)
    {
        case "ceiling":
            return new HttpRequestMessage(HttpMethod.Get, url);
        case "token":
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{\"a\":\"login\",\"s\":{\"wd\":false,\"lg\":2,\"mm\":60,\"el\":5000}}") };
                request.Headers.Add("Origin", "http://localhost");
                return request;
            }

        case "assess":
        case "replay":
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent($"{{\"event\":{{\"token\":\"{token}\",\"expectedAction\":\"login\"}}}}", Encoding.UTF8, "application/json") };
                request.Headers.Add("x-goog-api-key", key);
                return request;
            }

        case "siteverify":
            return new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([new("secret", key!), new("response", token)]) };
        default:
            throw new ArgumentException($"unknown kind {kind}");
    }
}
