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
    // Open loop in the manner of wrk2: request i is due at i/rate whatever happened to the others,
    // and its latency counts from then, so a stall delays (and is charged to) every request behind it.
    // The bare endpoint's row shows the generator's own floor. A fixed pool of keep-alive
    // connections sends raw HTTP/1.1 (HttpClient cost ~40 us of CPU per request, which the server's
    // two cores would have paid); a warm-up at the same rate (JIT, connections) is not counted.
    const int Connections = 256;
    var target = new Uri(url);
    var warmup = Math.Max(1, seconds / 2);
    var tokens = file is null ? [] : kind == "token" ? [await File.ReadAllTextAsync(file)] : await File.ReadAllLinesAsync(file);
    var skipped = (int)(rate * warmup);
    var total = skipped + (int)(rate * seconds);
    var latencies = new double[total - skipped];
    var errors = 0;
    var next = -1;
    var clock = Stopwatch.StartNew();
    var measuredFrom = long.MaxValue;
    // One thread per connection, blocking sockets: each takes the next request number, sleeps
    // (usleep, microsecond timers) until that request is due, sends it and waits for the answer.
    // No thread pool, channels or async hand-offs, so the generator costs the shared cores little.
    // Every request is built before the clock starts, as wrk's init does: formatting ~2.5 KB per
    // request on the fly made the generator allocate ~100 MB/s, and its collections landed in the
    // latencies it measures.
    var distinct = kind is "assess" or "siteverify" ? tokens.Length : 1;
    var requests = Enumerable.Range(0, distinct).Select(j => Raw(target, kind, tokens, j, key, siteKey)).ToArray();
    tokens = [];
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var connections = new RawHttpConnection[Connections];
    for (var c = 0; c < Connections; c++)
    {
        connections[c] = RawHttpConnection.Open(target);
    }

    clock.Restart();
    var workers = connections.Select(connection => new Thread(() =>
    {
        using (connection)
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                double wait;
                while ((wait = (i / rate) - clock.Elapsed.TotalSeconds) > 0.00002)
                {
                    _ = Native.usleep((uint)Math.Min(wait * 1e6, 100_000));
                }

                if (i == skipped)
                {
                    Interlocked.Exchange(ref measuredFrom, clock.ElapsedTicks);
                }

                int status;
                try
                {
                    status = connection.Send(requests[i % requests.Length]);
                }
                catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidDataException)
                {
                    status = 0;
                    connection.Reconnect();
                }

                if (i >= skipped)
                {
                    latencies[i - skipped] = (clock.Elapsed.TotalSeconds - (i / rate)) * 1000;
                    if (status is < 200 or > 299)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }
        }
    })
    { IsBackground = true }).ToArray();
    foreach (var worker in workers)
    {
        worker.Start();
    }

    foreach (var worker in workers)
    {
        worker.Join();
    }

    var achieved = (total - skipped) / (clock.Elapsed - TimeSpan.FromSeconds((double)measuredFrom / Stopwatch.Frequency)).TotalSeconds;
    Array.Sort(latencies);
    var n = latencies.Length;
    Console.WriteLine(FormattableString.Invariant($"rate={rate:F0} achieved={achieved:F0} requests={n} p50_ms={latencies[n / 2]:F2} p99_ms={latencies[(int)(n * 0.99)]:F2} max_ms={latencies[n - 1]:F2} errors={errors}"));
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

/// <summary>
/// One keep-alive HTTP/1.1 connection for the open-loop generator: writes a request, reads one
/// response (Content-Length or chunked), returns its status. Enough HTTP for loopback benchmarks.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly Uri _target;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private System.Net.Sockets.Socket _socket;

    private RawHttpConnection(Uri target, System.Net.Sockets.Socket socket)
    {
        _target = target;
        _socket = socket;
    }

    public static RawHttpConnection Open(Uri target) => new(target, Connect(target));

    public void Reconnect()
    {
        _socket.Dispose();
        _socket = Connect(_target);
    }

    public int Send(byte[] request)
    {
        _socket.Send(request);
        var filled = 0;
        while (true)
        {
            var read = _socket.Receive(_buffer.AsSpan(filled));
            if (read == 0)
            {
                throw new IOException("connection closed");
            }

            filled += read;
            if (TryParse(_buffer.AsSpan(0, filled), out var status))
            {
                return status;
            }

            if (filled == _buffer.Length)
            {
                throw new InvalidDataException("response too large");
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private static System.Net.Sockets.Socket Connect(Uri target)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(target.Host, target.Port);
        return socket;
    }

    /// <summary>True once the whole response is in <paramref name="data"/>.</summary>
    private static bool TryParse(ReadOnlySpan<byte> data, out int status)
    {
        status = 0;
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return false;
        }

        var head = data[..headerEnd];
        status = (head[9] - '0') * 100 + ((head[10] - '0') * 10) + (head[11] - '0');
        var body = data[(headerEnd + 4)..];
        // Allocation-free: the generator must not collect garbage while it measures.
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (StartsWithIgnoreCase(line, "content-length:"u8))
            {
                _ = System.Buffers.Text.Utf8Parser.TryParse(line[15..].Trim((byte)' '), out int length, out _);
                return body.Length >= length;
            }

            if (StartsWithIgnoreCase(line, "transfer-encoding:"u8) && line.IndexOf("chunked"u8) >= 0)
            {
                return ChunkedComplete(body);
            }
        }

        return true;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix);

    private static bool ChunkedComplete(ReadOnlySpan<byte> body)
    {
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            _ = System.Buffers.Text.Utf8Parser.TryParse(body[..lineEnd], out int size, out _, 'x');
            var next = lineEnd + 2 + size + 2;
            if (body.Length < next)
            {
                return false;
            }

            if (size == 0)
            {
                return true;
            }

            body = body[next..];
        }
    }
}

internal static partial class Native
{
    [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = false)]
    internal static partial int usleep(uint microseconds);
}
