using Bulwark.Core.Protocol;
using Bulwark.Core.Reputation;
using Bulwark.Core.Scoring;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;

namespace Bulwark.Core.Tests.Scoring;

/// <summary>Each rule's trigger, its reason code, and the promise that weak evidence never sinks a person.</summary>
public sealed class RiskEngineTests
{
    private const string ChromeUa = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    private const string FirefoxUa = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string WindowsChromeUa = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly RiskEngine _engine = new();

    /// <summary>An ordinary desktop Chromium on Linux, no GPU, in UTC: things real people have.</summary>
    internal static ClientSignals Human() => new()
    {
        Version = 2,
        Webdriver = false,
        UserAgent = ChromeUa,
        Platform = "Linux x86_64",
        Plugins = 5,
        Languages = 2,
        LanguageList = "en-US,en",
        HardwareConcurrency = 8,
        DeviceMemory = 8,
        ScreenWidth = 1920,
        ScreenHeight = 1080,
        OuterWidth = 1280,
        OuterHeight = 900,
        TimeZone = "UTC",
        ChromeObject = true,
        EvalLength = 33,
        UaBrands = "Chromium/156,Not_A Brand/24",
        UaPlatform = "Linux",
        WebGlRenderer = string.Empty,
        Automation = 0,
        CdpAttached = false,
        Worker = new ContextSignals { UserAgent = ChromeUa, Platform = "Linux x86_64", HardwareConcurrency = 8, DeviceMemory = 8, LanguageList = "en-US,en", TimeZone = "UTC", Webdriver = false, CdpAttached = false },
        Frame = new ContextSignals { UserAgent = ChromeUa, Platform = "Linux x86_64", HardwareConcurrency = 8, LanguageList = "en-US,en", Webdriver = false, ProxiedWindow = false },
        MouseMoves = 120,
        Clicks = 2,
        KeyDowns = 14,
        MousePointerDowns = 2,
        ZeroPressurePointerDowns = 0,
        ElapsedMs = 9000,
        Errors = 0,
        Challenge = "c",
        ChallengeAgeMs = 9000,
    };

    private static TokenPayload Token(TokenFlags flags = TokenFlags.None, string ip = "198.51.100.7", string ua = ChromeUa) => new()
    {
        TokenId = Guid.NewGuid(),
        SiteKey = "6Lkey",
        Action = "login",
        Hostname = "shop.example.com",
        CreateTime = Now,
        ClientIp = ip,
        UserAgentHash = UserAgentHash.Of(ua),
        Flags = flags,
    };

    private RiskVerdict Evaluate(ClientSignals? signals, TokenPayload? token = null, Event? ev = null, VelocitySnapshot velocity = default, NetworkCategory network = NetworkCategory.None) =>
        _engine.Evaluate(new RiskContext(
            token ?? Token(signals is null ? TokenFlags.NoSignals : TokenFlags.None, ua: signals?.UserAgent ?? ChromeUa),
            signals,
            ev ?? new Event { UserAgent = signals?.UserAgent ?? ChromeUa, UserIpAddress = "198.51.100.7" },
            Now)
        { Velocity = velocity, Network = network });

    private static double Score(RiskVerdict v) => Math.Round(ScoreQuantizer.Quantize(v.HumanProbability, true), 1);

    private static void AssertBot(RiskVerdict verdict, string signal, ClassificationReason reason)
    {
        Assert.Contains(verdict.Evidence, e => e.Signal == signal && e.Reason == reason);
        Assert.True(Score(verdict) <= 0.3, $"score {Score(verdict)} for {signal}");
        Assert.Contains(reason, ScoreQuantizer.Reasons(verdict.Evidence, true));
    }

    [Fact]
    public void Evaluate_OrdinaryLinuxBrowserWithoutGpuInUtc_ScoresHigh()
    {
        var verdict = Evaluate(Human());
        Assert.Empty(verdict.Evidence);
        Assert.True(Score(verdict) >= 0.9);
    }

    [Fact]
    public void Evaluate_VerdictNamesTheRulesAndTheModelThatScoredIt()
    {
        var model = BehaviourModel.Load(new MemoryStream("""{"version":"site-7","models":{"keys":{"requires":"kn","features":[]}}}"""u8.ToArray()));
        var engine = new RiskEngine(model, new VelocityOptions());

        var verdict = engine.Evaluate(new RiskContext(Token(TokenFlags.None), Human(), new Event { UserAgent = ChromeUa }, Now));

        Assert.Equal("rules-2+site-7", verdict.Engine);
        Assert.Equal(verdict.Engine, engine.Version);
        Assert.Equal($"rules-2+{BehaviourModel.Default.Version}", Evaluate(Human()).Engine);
    }

    [Fact]
    public void Evaluate_Firefox_IsNotAnEngineMismatch()
    {
        var s = Human();
        s.UserAgent = FirefoxUa;
        s.EvalLength = 37;
        s.ChromeObject = false;
        s.UaBrands = null;
        s.UaPlatform = null;
        s.DeviceMemory = null;
        s.Worker = new ContextSignals { UserAgent = FirefoxUa, Platform = "Linux x86_64", HardwareConcurrency = 8, LanguageList = "en-US,en", TimeZone = "UTC" };
        s.Frame = null;
        Assert.True(Score(Evaluate(s)) >= 0.9);
    }

    [Theory]
    [InlineData("webdriver")]
    [InlineData("worker-webdriver")]
    public void Evaluate_Webdriver_IsAutomation(string where)
    {
        var s = Human();
        if (where == "webdriver")
        {
            s.Webdriver = true;
        }
        else
        {
            s.Worker!.Webdriver = true;
        }

        AssertBot(Evaluate(s), "navigator-webdriver", ClassificationReason.Automation);
    }

    [Fact]
    public void Evaluate_HeadlessUserAgentInTheWorker_IsAutomation()
    {
        var s = Human();
        s.Worker!.UserAgent = ChromeUa.Replace("Chrome/", "HeadlessChrome/", StringComparison.Ordinal);
        AssertBot(Evaluate(s), "headless-user-agent", ClassificationReason.Automation);
    }

    [Theory]
    [InlineData(AutomationArtefacts.ChromeDriver, "driver-globals")]
    [InlineData(AutomationArtefacts.Playwright, "driver-globals")]
    [InlineData(AutomationArtefacts.Puppeteer, "driver-globals")]
    [InlineData(AutomationArtefacts.Selenium, "driver-globals")]
    [InlineData(AutomationArtefacts.OtherDriver, "driver-globals")]
    [InlineData(AutomationArtefacts.DriverStack, "driver-stack-frame")]
    [InlineData(AutomationArtefacts.HeadlessUserAgent, "headless-user-agent")]
    public void Evaluate_DriverArtefacts_AreAutomation(AutomationArtefacts artefact, string signal)
    {
        var s = Human();
        s.Automation = (int)artefact;
        AssertBot(Evaluate(s), signal, ClassificationReason.Automation);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Evaluate_CdpProbe_InPageOrWorker_IsAutomation(bool page, bool worker)
    {
        var s = Human();
        s.CdpAttached = page;
        s.Worker!.CdpAttached = worker;
        AssertBot(Evaluate(s), "cdp-runtime-attached", ClassificationReason.Automation);
    }

    [Fact]
    public void Evaluate_NoCollectorPayload_IsAutomation() =>
        AssertBot(Evaluate(null), "collector-missing", ClassificationReason.Automation);

    [Theory]
    [InlineData(TokenFlags.ProofMismatch, "payload-forged")]
    [InlineData(TokenFlags.ChallengeInvalid, "challenge-invalid")]
    [InlineData(TokenFlags.ChallengeTimingMismatch, "payload-replayed")]
    public void Evaluate_PayloadNotBoundToAFreshChallenge_IsAutomation(TokenFlags flag, string signal) =>
        AssertBot(Evaluate(Human(), Token(flag)), signal, ClassificationReason.Automation);

    [Fact]
    public void Evaluate_MissingChallenge_IsUnexpectedEnvironmentButNotTheBottom()
    {
        var verdict = Evaluate(Human(), Token(TokenFlags.ChallengeMissing));
        Assert.Contains(verdict.Evidence, e => e.Signal == "challenge-missing" && e.Reason == ClassificationReason.UnexpectedEnvironment);
        Assert.InRange(Score(verdict), 0.4, 0.6);
    }

    [Fact]
    public void Evaluate_ZeroPressureMouseDownOnDesktop_IsAutomation()
    {
        var s = Human();
        s.ZeroPressurePointerDowns = s.MousePointerDowns;
        AssertBot(Evaluate(s), "mouse-pressure-zero", ClassificationReason.Automation);
    }

    [Fact]
    public void Evaluate_ZeroPressureOnATouchDevice_OnlyNudges()
    {
        var s = Human();
        s.MaxTouchPoints = 10;
        s.ZeroPressurePointerDowns = s.MousePointerDowns;
        Assert.True(Score(Evaluate(s)) >= 0.7);
    }

    [Fact]
    public void Evaluate_SyntheticInputOnly_IsAutomation()
    {
        var s = Human();
        s.MouseMoves = 0;
        s.Clicks = 0;
        s.KeyDowns = 0;
        s.UntrustedEvents = 5;
        AssertBot(Evaluate(s), "synthetic-input-only", ClassificationReason.Automation);
    }

    [Fact]
    public void Evaluate_LibraryTypingAndClicks_AreAutomation()
    {
        var s = Human();
        s.Behaviour = new BehaviourSummary { KeyCount = 12, KeyHoldTinyShare = 1, ClickCount = 2, ClickDwellTinyShare = 1 };
        var verdict = Evaluate(s);
        Assert.Contains(verdict.Evidence, e => e.Signal == "key-hold-instant");
        Assert.Contains(verdict.Evidence, e => e.Signal == "click-instant");
        Assert.True(Score(verdict) <= 0.3);
    }

    [Fact]
    public void Evaluate_WorkerDisagreesWithPage_IsUnexpectedEnvironment()
    {
        var s = Human();
        s.HardwareConcurrency = 4; // puppeteer-extra-stealth: 4 in the page, the real count in the worker
        s.Platform = "Win32";
        s.UserAgent = WindowsChromeUa;
        s.UaPlatform = "Windows";
        var verdict = Evaluate(s, Token(ua: WindowsChromeUa));
        AssertBot(verdict, "worker-contradicts-page", ClassificationReason.UnexpectedEnvironment);
    }

    [Fact]
    public void Evaluate_WorkerWithoutWebGl_IsNotAMismatch()
    {
        var s = Human();
        s.WebGlRenderer = "ANGLE (Intel, Mesa Intel(R) UHD Graphics 620, OpenGL 4.6)";
        s.Worker!.WebGlRenderer = string.Empty;
        Assert.Empty(Evaluate(s).Evidence);
    }

    [Fact]
    public void Evaluate_IframeProxy_IsUnexpectedEnvironment()
    {
        var s = Human();
        s.Frame!.ProxiedWindow = true;
        s.TamperedNames = [TamperCodes.IframeContentWindow];
        AssertBot(Evaluate(s), "iframe-window-proxied", ClassificationReason.UnexpectedEnvironment);
    }

    [Fact]
    public void Evaluate_SpooferPatchedNatives_IsUnexpectedEnvironment()
    {
        var s = Human();
        s.TamperedCount = 3;
        s.TamperedNames = [TamperCodes.PermissionsQuery, TamperCodes.WebGlGetParameter, TamperCodes.FunctionToString];
        var verdict = Evaluate(s);
        Assert.Contains(verdict.Evidence, e => e.Signal == "native-functions-patched" && e.Reason == ClassificationReason.UnexpectedEnvironment);
        Assert.True(Score(verdict) <= 0.3);
    }

    [Fact]
    public void Evaluate_PrivacyExtensionCanvasNoise_OnlyNudges()
    {
        var s = Human();
        s.TamperedCount = 2;
        s.TamperedNames = [TamperCodes.CanvasToDataUrl, TamperCodes.CanvasGetImageData];
        var verdict = Evaluate(s);
        Assert.Contains(verdict.Evidence, e => e.Signal == "privacy-patches");
        Assert.True(Score(verdict) >= 0.8);
    }

    [Fact]
    public void Evaluate_V8UnderAFirefoxUserAgent_IsUnexpectedEnvironment()
    {
        var s = Human();
        s.UserAgent = FirefoxUa;
        s.Worker!.UserAgent = FirefoxUa;
        s.Frame!.UserAgent = FirefoxUa;
        AssertBot(Evaluate(s, Token(ua: FirefoxUa)), "engine-contradicts-user-agent", ClassificationReason.UnexpectedEnvironment);
    }

    [Fact]
    public void Evaluate_PlatformContradictsUserAgent_IsUnexpectedEnvironment()
    {
        var s = Human();
        s.UserAgent = WindowsChromeUa;
        s.Worker = null;
        s.Frame = null;
        var verdict = Evaluate(s, Token(ua: WindowsChromeUa));
        Assert.Contains(verdict.Evidence, e => e.Signal == "platform-contradicts-user-agent" && e.Reason == ClassificationReason.UnexpectedEnvironment);
        Assert.True(Score(verdict) <= 0.5);
    }

    [Fact]
    public void Evaluate_IpadInDesktopMode_IsNotAPlatformMismatch()
    {
        var s = Human();
        s.UserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15";
        s.Platform = "MacIntel";
        s.MaxTouchPoints = 5;
        s.EvalLength = 37;
        s.ChromeObject = false;
        s.UaBrands = null;
        s.UaPlatform = null;
        s.DeviceMemory = null;
        s.Worker = new ContextSignals { UserAgent = s.UserAgent, Platform = "iPhone", HardwareConcurrency = 8, LanguageList = "en-US,en", TimeZone = "UTC" };
        s.Frame = null;
        Assert.Empty(Evaluate(s, Token(ua: s.UserAgent)).Evidence);
    }

    [Fact]
    public void Evaluate_StaleBrandList_IsUnexpectedEnvironment()
    {
        var s = Human();
        s.UaBrands = " Not A;Brand/99,Chromium/156,Google Chrome/156";
        var verdict = Evaluate(s);
        Assert.Contains(verdict.Evidence, e => e.Signal == "client-hints-stale");
    }

    [Theory]
    [InlineData(TokenFlags.UserAgentMismatch, "user-agent-spoofed")]
    [InlineData(TokenFlags.ClientHintsMismatch, "client-hints-contradict")]
    public void Evaluate_IssuanceHeadersContradictThePage_IsUnexpectedEnvironment(TokenFlags flag, string signal)
    {
        var verdict = Evaluate(Human(), Token(flag));
        Assert.Contains(verdict.Evidence, e => e.Signal == signal && e.Reason == ClassificationReason.UnexpectedEnvironment);
        Assert.Contains(ClassificationReason.UnexpectedEnvironment, ScoreQuantizer.Reasons(verdict.Evidence, true));
    }

    [Fact]
    public void Evaluate_UserAgentChangedSinceIssuance_IsUnexpectedEnvironment()
    {
        var verdict = Evaluate(Human(), ev: new Event { UserAgent = "curl/8.0", UserIpAddress = "198.51.100.7" });
        Assert.Contains(verdict.Evidence, e => e.Signal == "user-agent-changed");
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(0.1)]
    public void Evaluate_ImpossibleDeviceMemory_IsUnexpectedEnvironment(double gib)
    {
        var s = Human();
        s.DeviceMemory = gib;
        s.Worker!.DeviceMemory = gib;
        Assert.Contains(Evaluate(s).Evidence, e => e.Signal == "device-memory-impossible");
    }

    [Fact]
    public void Evaluate_AddressOverItsLimit_IsTooMuchTraffic()
    {
        var verdict = Evaluate(Human(), velocity: new VelocitySnapshot { AddressPerMinute = 400 });
        AssertBot(verdict, "velocity-address-minute", ClassificationReason.TooMuchTraffic);
    }

    [Fact]
    public void Evaluate_JustOverALimit_OnlyLowers()
    {
        var verdict = Evaluate(Human(), velocity: new VelocitySnapshot { AccountPerHour = 21 });
        Assert.Contains(verdict.Evidence, e => e.Signal == "velocity-account-hour" && e.Reason == ClassificationReason.TooMuchTraffic);
        Assert.InRange(Score(verdict), 0.7, 0.8);
    }

    [Fact]
    public void Evaluate_ChallengeReplayedAcrossManyTokens_IsTooMuchTraffic() =>
        AssertBot(Evaluate(Human(), velocity: new VelocitySnapshot { ChallengeUses = 50 }), "challenge-reused", ClassificationReason.TooMuchTraffic);

    [Fact]
    public void Evaluate_DenyListedNetwork_Lowers() =>
        Assert.Contains(Evaluate(Human(), network: NetworkCategory.Abuse).Evidence, e => e.Signal == "network-deny-listed");

    /// <summary>A Tor Browser user behind a hosting exit, pasting a password, with odd languages: all soft, capped together.</summary>
    [Fact]
    public void Evaluate_EverySoftSignalAtOnce_NeverReachesTheBottom()
    {
        var s = Human();
        s.KeyDowns = 0;
        s.InsertWithoutKeys = 2;
        s.Errors = 3;
        s.TamperedNames = [TamperCodes.CanvasToDataUrl];
        s.ChromeObject = false;
        var verdict = Evaluate(
            s,
            Token(TokenFlags.LanguageMismatch, ip: "203.0.113.9"),
            new Event { UserAgent = ChromeUa, UserIpAddress = "198.51.100.7" },
            network: NetworkCategory.Hosting | NetworkCategory.Tor | NetworkCategory.Proxy);
        Assert.True(verdict.Evidence.Sum(e => e.Weight) >= EvidenceSet.SoftFloor - 1e-9);
        Assert.True(Score(verdict) >= 0.7, $"score {Score(verdict)}");
    }

    [Fact]
    public void Evaluate_KeyboardOnlyUserWithoutMouse_ScoresHigh()
    {
        var s = Human();
        s.MouseMoves = 0;
        s.Clicks = 0;
        s.MousePointerDowns = 0;
        s.ZeroPressurePointerDowns = 0;
        Assert.True(Score(Evaluate(s)) >= 0.9);
    }

    [Fact]
    public void Evaluate_StoredWeightsAddUpToTheScore()
    {
        var s = Human();
        s.Errors = 1;
        s.InsertWithoutKeys = 1;
        s.KeyDowns = 0;
        var verdict = Evaluate(s, network: NetworkCategory.Hosting | NetworkCategory.Tor);
        var logOdds = Math.Log(verdict.HumanProbability / (1 - verdict.HumanProbability));
        Assert.Equal(RiskEngine.Prior + verdict.Evidence.Sum(e => e.Weight), logOdds, 2);
    }

    [Fact]
    public void Evaluate_RulerLineMouseAndConstantTyping_LowersButBehaviourAloneIsNoVerdict()
    {
        var s = Human();
        var bot = BehaviourModelTests.RulerLine();
        bot.ClickDwellMedian = 90; // held like a person: only the path itself is odd
        bot.ClickDwellTinyShare = 0;
        var typing = BehaviourModelTests.ConstantTyping();
        typing.KeyHoldMedian = 90;
        typing.KeyHoldTinyShare = 0;
        foreach (var f in BehaviourSummary.Properties.Where(f => f.Get(typing) is not null))
        {
            f.Set(bot, f.Get(typing));
        }

        s.Behaviour = bot;
        var verdict = Evaluate(s);
        Assert.Contains(verdict.Evidence, e => e.Signal == "behaviour-mouse" && e.Weight < 0);
        Assert.Contains(ClassificationReason.UnexpectedUsagePatterns, ScoreQuantizer.Reasons(verdict.Evidence, true));
        Assert.True(verdict.Evidence.Where(e => e.Signal.StartsWith("behaviour-", StringComparison.Ordinal)).Sum(e => e.Weight) >= EvidenceSet.BehaviourFloor - 1e-9);
        Assert.InRange(Score(verdict), 0.3, 0.6);
    }

    [Fact]
    public void Evaluate_HumanMouseAndTyping_LiftTheScore()
    {
        var s = Human();
        var human = BehaviourModelTests.HumanMouse();
        var keys = BehaviourModelTests.HumanKeys();
        foreach (var f in BehaviourSummary.Properties.Where(f => f.Get(keys) is not null))
        {
            f.Set(human, f.Get(keys));
        }

        s.Behaviour = human;
        var verdict = Evaluate(s);
        Assert.True(verdict.HumanProbability > _engine.Evaluate(new RiskContext(Token(), Human(), new Event { UserAgent = ChromeUa, UserIpAddress = "198.51.100.7" }, Now)).HumanProbability);
        Assert.True(Score(verdict) >= 0.9);
    }
}
