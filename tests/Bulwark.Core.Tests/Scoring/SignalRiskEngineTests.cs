using Bulwark.Core.Protocol;
using Bulwark.Core.Scoring;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Tests.Scoring;

public sealed class SignalRiskEngineTests
{
    private const string ChromeUa = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly SignalRiskEngine _engine = new();

    private static ClientSignals Human() => new()
    {
        Webdriver = false,
        UserAgent = ChromeUa,
        Plugins = 5,
        Languages = 2,
        HardwareConcurrency = 8,
        ScreenWidth = 1920,
        ScreenHeight = 1080,
        OuterWidth = 1280,
        OuterHeight = 900,
        TimeZone = "Europe/Berlin",
        MouseMoves = 120,
        Clicks = 2,
        KeyDowns = 14,
        ElapsedMs = 9000,
        Errors = 0,
    };

    private static TokenPayload Token(TokenFlags flags = TokenFlags.None, string ip = "198.51.100.7") => new()
    {
        TokenId = Guid.NewGuid(),
        SiteKey = "6Lkey",
        Action = "login",
        Hostname = "shop.example.com",
        CreateTime = Now,
        ClientIp = ip,
        UserAgentHash = UserAgentHash.Of(ChromeUa),
        Flags = flags,
    };

    private RiskVerdict Evaluate(ClientSignals? signals, TokenPayload? token = null, Event? ev = null) =>
        _engine.Evaluate(new RiskContext(token ?? Token(signals is null ? TokenFlags.NoSignals : TokenFlags.None), signals, ev ?? new Event { UserAgent = ChromeUa, UserIpAddress = "198.51.100.7" }, Now));

    private static double Score(RiskVerdict v) => Math.Round(ScoreQuantizer.Quantize(v.HumanProbability, true), 1);

    [Fact]
    public void Evaluate_OrdinaryBrowserSession_ScoresHigh()
    {
        var verdict = Evaluate(Human());
        Assert.Empty(verdict.Evidence);
        Assert.True(Score(verdict) >= 0.9);
    }

    [Fact]
    public void Evaluate_Webdriver_IsAutomationAtTheBottom()
    {
        var s = Human();
        s.Webdriver = true;
        var verdict = Evaluate(s);
        Assert.Contains(verdict.Evidence, e => e.Signal == "navigator-webdriver" && e.Reason == ClassificationReason.Automation);
        Assert.True(Score(verdict) <= 0.1);
    }

    [Fact]
    public void Evaluate_HeadlessUserAgent_IsAutomation()
    {
        var s = Human();
        s.UserAgent = ChromeUa.Replace("Chrome/", "HeadlessChrome/", StringComparison.Ordinal);
        var verdict = Evaluate(s);
        Assert.Contains(verdict.Evidence, e => e.Signal == "headless-user-agent");
        Assert.True(Score(verdict) <= 0.1);
    }

    [Fact]
    public void Evaluate_NoCollectorPayload_IsAutomation()
    {
        var verdict = Evaluate(null);
        Assert.Contains(verdict.Evidence, e => e.Signal == "collector-missing" && e.Reason == ClassificationReason.Automation);
        Assert.True(Score(verdict) <= 0.3);
    }

    [Fact]
    public void Evaluate_SpoofedUserAgent_IsUnexpectedEnvironment()
    {
        var verdict = Evaluate(Human(), Token(TokenFlags.UserAgentMismatch));
        Assert.Contains(verdict.Evidence, e => e.Signal == "user-agent-spoofed" && e.Reason == ClassificationReason.UnexpectedEnvironment);
        Assert.True(Score(verdict) <= 0.5);
    }

    [Fact]
    public void Evaluate_UserAgentChangedBetweenTokenAndAssessment_IsUnexpectedEnvironment()
    {
        var verdict = Evaluate(Human(), ev: new Event { UserAgent = "curl/8.0", UserIpAddress = "198.51.100.7" });
        Assert.Contains(verdict.Evidence, e => e.Signal == "user-agent-changed");
    }

    [Fact]
    public void Evaluate_OnlySyntheticEvents_IsAutomation()
    {
        var s = Human();
        s.MouseMoves = s.Clicks = s.KeyDowns = 0;
        s.UntrustedEvents = 5;
        Assert.Contains(Evaluate(s).Evidence, e => e.Signal == "synthetic-input-only" && e.Reason == ClassificationReason.Automation);
    }

    [Fact]
    public void Evaluate_ZeroOuterWindow_IsUnexpectedEnvironment()
    {
        var s = Human();
        s.OuterWidth = s.OuterHeight = 0;
        Assert.Contains(Evaluate(s).Evidence, e => e.Signal == "zero-outer-window");
    }

    [Fact]
    public void Evaluate_ActionBeforeAnyHumanCouldAct_IsUnexpectedUsage()
    {
        var s = Human();
        s.MouseMoves = s.Clicks = s.KeyDowns = 0;
        s.ElapsedMs = 40;
        Assert.Contains(Evaluate(s).Evidence, e => e.Signal == "instant-action" && e.Reason == ClassificationReason.UnexpectedUsagePatterns);
    }

    [Fact]
    public void Evaluate_KeyboardOnlyUserWithoutMouse_StaysHuman()
    {
        // Assistive technology and keyboard users: no mouse, but they take time.
        var s = Human();
        s.MouseMoves = s.Clicks = 0;
        s.KeyDowns = 30;
        Assert.True(Score(Evaluate(s)) >= 0.7);
    }

    [Fact]
    public void Evaluate_AutofillUserWithNoInputAtAll_IsNotPushedToTheBottom()
    {
        var s = Human();
        s.MouseMoves = s.Clicks = s.KeyDowns = 0;
        s.ElapsedMs = 2500;
        Assert.True(Score(Evaluate(s)) >= 0.7);
    }

    [Fact]
    public void Evaluate_PrivacyBrowserHidingPluginsAndTimezone_StaysHuman()
    {
        var s = Human();
        s.Plugins = 0;
        s.TimeZone = "UTC";
        s.HardwareConcurrency = 2;
        Assert.True(Score(Evaluate(s)) >= 0.9);
    }

    [Fact]
    public void Evaluate_IpChangedAlone_OnlyNudges()
    {
        var verdict = Evaluate(Human(), ev: new Event { UserAgent = ChromeUa, UserIpAddress = "203.0.113.9" });
        Assert.Contains(verdict.Evidence, e => e.Signal == "ip-changed");
        Assert.True(Score(verdict) >= 0.8);
    }
}
