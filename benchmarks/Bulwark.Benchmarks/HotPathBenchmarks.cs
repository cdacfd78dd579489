using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Bulwark.Core.Scoring;
using Bulwark.Core.Secrets;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Microsoft.Extensions.Options;

namespace Bulwark.Benchmarks;

/// <summary>The CPU work of the two hot paths, without I/O: what a token and an assessment cost in pure code.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TokenKey _key = TokenKey.Generate(1, Now, Now);
    private readonly RiskEngine _engine = new();
    private readonly TrafficRecorder _traffic = new(
        new VelocityTracker(Options.Create(new VelocityOptions())),
        new VelocityKeys(HashingKeys.Derive(new byte[32])),
        HashingKeys.Derive(new byte[32]));
    private KeyRing _ring = null!;
    private TokenPayload _payload = null!;
    private string _token = null!;
    private byte[] _signalsJson = null!;
    private byte[] _assessmentRequest = null!;
    private Assessment _answer = null!;
    private RiskContext _context = null!;
    private byte[] _featuresJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ring = new KeyRing([_key]);
        // A collector v2 payload like a person's in Chromium on Linux: environment, worker, iframe, behaviour.
        _signalsJson = """{"cn":"AQAAAAFpQ2x0AAAAAJ1c3J5x0uQ9mE2kVq8Hn3X0bS1lQ7r_aZc","ca":8450,"v":2,"wd":false,"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","pf":"Linux x86_64","pl":5,"lg":2,"ls":"en-US,en","hc":8,"dm":8,"sw":1920,"sh":1080,"aw":1920,"ah":1050,"ow":1920,"oh":1050,"iw":1920,"ih":960,"pr":1,"tz":"Europe/Berlin","tp":0,"ch":true,"el2":33,"uab":"Chromium/156,Not_A Brand/24","uam":false,"uap":"Linux","gl":"ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)","np":"default","pdf":true,"au":0,"cdp":false,"tm":0,"tn":[],"wk":{"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","pf":"Linux x86_64","hc":8,"dm":8,"ls":"en-US,en","tz":"Europe/Berlin","wd":false,"gl":"ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)","cdp":false},"fr":{"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","pf":"Linux x86_64","hc":8,"dm":8,"ls":"en-US,en","tz":"Europe/Berlin","wd":false,"px":false},"mm":212,"kd":24,"ck":3,"sc":1,"tc":0,"ut":0,"pd":3,"pz":0,"ik":0,"fc":0,"b":{"mn":212,"ms":6,"st":0.83,"vm":0.74,"vc":0.91,"vp":0.38,"am":0.012,"ta":0.31,"tr":0.04,"dtm":16.7,"dtc":0.42,"eq":0.02,"cn":3,"cdm":96,"cdz":0,"cmv":1,"kn":24,"khm":92,"khc":0.31,"kfm":71,"kfc":0.58,"kro":0.12,"khz":0,"tfi":1830,"tli":410},"el":9200,"er":0}"""u8.ToArray();
        _payload = new TokenPayload
        {
            TokenId = Guid.NewGuid(),
            SiteKey = "6LabcdefghijklmnopqrstuvwxyzABCDEFGHIJKL",
            Action = "login",
            Hostname = "shop.example.com",
            CreateTime = Now,
            ClientIp = "198.51.100.7",
            UserAgentHash = UserAgentHash.Of(Ua),
            Signals = _signalsJson,
        };
        _token = TokenCodec.Seal(_payload, _key);
        _assessmentRequest = JsonSerializer.SerializeToUtf8Bytes(
            new Assessment { Event = new Event { Token = _token, SiteKey = _payload.SiteKey, ExpectedAction = "login", UserAgent = Ua, UserIpAddress = "198.51.100.7" } },
            ProtocolJson.Info<Assessment>(false));
        var signals = JsonSerializer.Deserialize(_signalsJson, SignalsJsonContext.Default.ClientSignals);
        _context = new RiskContext(_payload, signals, new Event { UserAgent = Ua, UserIpAddress = "198.51.100.7" }, Now);
        _answer = new Assessment
        {
            Name = "projects/acme-shop/assessments/0123456789abcdef01234567",
            Event = _context.Event,
            RiskAnalysis = new RiskAnalysis { Score = 0.9f },
            TokenProperties = new TokenProperties { Valid = true, Action = "login", Hostname = "shop.example.com", CreateTime = Now },
        };
        // What AssessmentService stores for a scored assessment: evidence, velocity, network, token, signals (2.3 KB).
        var features = new StringBuilder("""{"p":0.9213,"engine":"risk-3+behaviour-2","evidence":[""");
        string[] evidence = ["behaviour-mouse", "behaviour-keys", "worker-consistent", "plugins-present", "languages-match", "screen-plausible", "webgl-vendor"];
        for (var i = 0; i < evidence.Length; i++)
        {
            features.Append(i > 0 ? "," : "").Append($$"""{"signal":"{{evidence[i]}}","weight":{{(0.31 * i) - 0.7:F4}},"reason":"CLASSIFICATION_REASON_UNSPECIFIED"}""");
        }

        features.Append("""],"velocity":{"addressMinute":3,"addressHour":12,"networkMinute":3,"networkHour":40,"siteMinute":800,"actionMinute":300,"accountHour":0,"deviceHour":2,"challengeUses":1},"network":"None","tokenFlags":0,"tokenAgeMs":1234,"signals":""");
        _featuresJson = [.. Encoding.UTF8.GetBytes(features.ToString()), .. _signalsJson, (byte)'}'];
    }

    [Benchmark(Description = "token: parse signals + seal")]
    public string IssueToken()
    {
        var signals = JsonSerializer.Deserialize(_signalsJson, SignalsJsonContext.Default.ClientSignals)!;
        signals.Sanitize();
        var payload = _payload with { TokenId = Guid.NewGuid(), Signals = JsonSerializer.SerializeToUtf8Bytes(signals, SignalsJsonContext.Default.ClientSignals) };
        return TokenCodec.Seal(payload, _key);
    }

    [Benchmark(Description = "assess: parse request")]
    public Assessment? ParseRequest() =>
        JsonSerializer.Deserialize(FieldNameNormalizer.Normalize(_assessmentRequest), ProtocolJson.ReadInfo<Assessment>());

    [Benchmark(Description = "assess: open token")]
    public TokenOpenResult OpenToken() => TokenCodec.Open(_token, _ring);

    [Benchmark(Description = "assess: score (signals + velocity + engine + quantize + reasons)")]
    public int Score()
    {
        var signals = ClientSignals.Parse(_signalsJson);
        var context = _context with { Signals = signals };
        var scored = context with { Velocity = _traffic.ObserveAssessment(_payload, signals, context.Event, Now) };
        var verdict = _engine.Evaluate(scored);
        var score = ScoreQuantizer.Quantize(verdict.HumanProbability, true);
        return ScoreQuantizer.Reasons(verdict.Evidence, true).Count + (int)(score * 10);
    }

    [Benchmark(Description = "assess: compress the stored features (Brotli)")]
    public byte[] EncodeFeatures() => StoredFeatures.Encode(_featuresJson);

    [Benchmark(Description = "assess: write answer (enums as numbers)")]
    public byte[] WriteAnswer() => JsonSerializer.SerializeToUtf8Bytes(_answer, ProtocolJson.Info<Assessment>(true));
}
