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
        _signalsJson = Samples.SignalsJson();
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
        _featuresJson = Samples.FeaturesJson(_signalsJson);
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

    [Benchmark(Description = "assess: parse the token's signals")]
    public ClientSignals? ParseSignals() => ClientSignals.Parse(_signalsJson);

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
