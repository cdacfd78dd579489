using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bulwark.Core.Signals;

/// <summary>
/// The compact features enterprise.js summarises in the browser (never raw event streams).
/// Short JSON names keep tokens small. Every field is optional: a privacy browser may hide any.
/// docs/signals.md is the reference for each name; collector version 2.
/// </summary>
public sealed class ClientSignals
{
    public const int MaxStringLength = 256;
    public const int MaxShortStringLength = 64;
    public const int MaxTamperedNames = 16;

    /// <summary>Collector version (2 for this schema; absent from version 1).</summary>
    [JsonPropertyName("v")]
    public int? Version { get; set; }

    /// <summary>navigator.webdriver.</summary>
    [JsonPropertyName("wd")]
    public bool? Webdriver { get; set; }

    /// <summary>navigator.userAgent as the page sees it.</summary>
    [JsonPropertyName("ua")]
    public string? UserAgent { get; set; }

    /// <summary>navigator.platform.</summary>
    [JsonPropertyName("pf")]
    public string? Platform { get; set; }

    [JsonPropertyName("pl")]
    public int? Plugins { get; set; }

    [JsonPropertyName("lg")]
    public int? Languages { get; set; }

    /// <summary>navigator.languages, comma-joined, at most five.</summary>
    [JsonPropertyName("ls")]
    public string? LanguageList { get; set; }

    [JsonPropertyName("hc")]
    public int? HardwareConcurrency { get; set; }

    /// <summary>navigator.deviceMemory (GiB; Chromium only).</summary>
    [JsonPropertyName("dm")]
    public double? DeviceMemory { get; set; }

    [JsonPropertyName("sw")]
    public int? ScreenWidth { get; set; }

    [JsonPropertyName("sh")]
    public int? ScreenHeight { get; set; }

    [JsonPropertyName("aw")]
    public int? AvailWidth { get; set; }

    [JsonPropertyName("ah")]
    public int? AvailHeight { get; set; }

    [JsonPropertyName("ow")]
    public int? OuterWidth { get; set; }

    [JsonPropertyName("oh")]
    public int? OuterHeight { get; set; }

    [JsonPropertyName("iw")]
    public int? InnerWidth { get; set; }

    [JsonPropertyName("ih")]
    public int? InnerHeight { get; set; }

    /// <summary>window.devicePixelRatio.</summary>
    [JsonPropertyName("pr")]
    public double? PixelRatio { get; set; }

    [JsonPropertyName("tz")]
    public string? TimeZone { get; set; }

    [JsonPropertyName("tp")]
    public int? MaxTouchPoints { get; set; }

    /// <summary>window.chrome exists (expected in Chromium-based browsers).</summary>
    [JsonPropertyName("ch")]
    public bool? ChromeObject { get; set; }

    /// <summary>eval.toString().length: 33 in V8, 37 in SpiderMonkey and JavaScriptCore.</summary>
    [JsonPropertyName("el2")]
    public int? EvalLength { get; set; }

    /// <summary>navigator.userAgentData: brands "name/major" comma-joined, mobile, platform (low entropy only).</summary>
    [JsonPropertyName("uab")]
    public string? UaBrands { get; set; }

    [JsonPropertyName("uam")]
    public bool? UaMobile { get; set; }

    [JsonPropertyName("uap")]
    public string? UaPlatform { get; set; }

    /// <summary>WebGL UNMASKED_RENDERER (or RENDERER) in the page; empty string when WebGL is unavailable.</summary>
    [JsonPropertyName("gl")]
    public string? WebGlRenderer { get; set; }

    /// <summary>Notification.permission ("default", "granted", "denied").</summary>
    [JsonPropertyName("np")]
    public string? NotificationPermission { get; set; }

    /// <summary>navigator.pdfViewerEnabled.</summary>
    [JsonPropertyName("pdf")]
    public bool? PdfViewer { get; set; }

    /// <summary>Automation artefacts found in the page (<see cref="AutomationArtefacts"/> bits).</summary>
    [JsonPropertyName("au")]
    public int? Automation { get; set; }

    /// <summary>The CDP Runtime-domain probe fired in the page (a debugging client is attached).</summary>
    [JsonPropertyName("cdp")]
    public bool? CdpAttached { get; set; }

    /// <summary>Native functions and getters that fail the lie tests (toString text, prototype, own keys, Proxy traps).</summary>
    [JsonPropertyName("tm")]
    public int? TamperedCount { get; set; }

    /// <summary>Short codes of the tampered functions (docs/signals.md), at most 16.</summary>
    [JsonPropertyName("tn")]
    public List<string>? TamperedNames { get; set; }

    /// <summary>The same facts read in a dedicated worker; null when no worker could run (CSP, privacy tools).</summary>
    [JsonPropertyName("wk")]
    public ContextSignals? Worker { get; set; }

    /// <summary>The same facts read in a fresh same-origin iframe.</summary>
    [JsonPropertyName("fr")]
    public ContextSignals? Frame { get; set; }

    /// <summary>Counts of trusted input events since load: mouse moves, key downs, clicks, scrolls, touches.</summary>
    [JsonPropertyName("mm")]
    public int? MouseMoves { get; set; }

    [JsonPropertyName("kd")]
    public int? KeyDowns { get; set; }

    [JsonPropertyName("ck")]
    public int? Clicks { get; set; }

    [JsonPropertyName("sc")]
    public int? Scrolls { get; set; }

    [JsonPropertyName("tc")]
    public int? Touches { get; set; }

    /// <summary>Input events whose isTrusted was false (synthesised by script).</summary>
    [JsonPropertyName("ut")]
    public int? UntrustedEvents { get; set; }

    /// <summary>Trusted mouse pointerdown events, and those of them with pressure 0 (CDP-dispatched input).</summary>
    [JsonPropertyName("pd")]
    public int? MousePointerDowns { get; set; }

    [JsonPropertyName("pz")]
    public int? ZeroPressurePointerDowns { get; set; }

    /// <summary>Text that arrived through input events with no key down before it (fill(), paste, autofill, IME).</summary>
    [JsonPropertyName("ik")]
    public int? InsertWithoutKeys { get; set; }

    /// <summary>Mouse moves with fractional client coordinates at an integer pixel ratio.</summary>
    [JsonPropertyName("fc")]
    public int? FractionalMoves { get; set; }

    /// <summary>Behaviour, summarised in the browser (<see cref="BehaviourSummary"/>).</summary>
    [JsonPropertyName("b")]
    public BehaviourSummary? Behaviour { get; set; }

    /// <summary>Milliseconds from script load to execute().</summary>
    [JsonPropertyName("el")]
    public int? ElapsedMs { get; set; }

    /// <summary>Collector steps that threw.</summary>
    [JsonPropertyName("er")]
    public int? Errors { get; set; }

    /// <summary>The challenge the script fetched from this server at load, echoed back (binds the payload to a fresh server nonce).</summary>
    [JsonPropertyName("cn")]
    public string? Challenge { get; set; }

    /// <summary>Milliseconds between receiving the challenge and execute(), by the page's clock.</summary>
    [JsonPropertyName("ca")]
    public int? ChallengeAgeMs { get; set; }

    /// <summary>Clamp what a stranger sent to sane bounds before it goes into a token.</summary>
    public void Sanitize()
    {
        UserAgent = Clip(UserAgent);
        Platform = Clip(Platform, MaxShortStringLength);
        LanguageList = Clip(LanguageList, MaxShortStringLength);
        TimeZone = Clip(TimeZone, MaxShortStringLength);
        UaBrands = Clip(UaBrands, 128);
        UaPlatform = Clip(UaPlatform, MaxShortStringLength);
        WebGlRenderer = Clip(WebGlRenderer, 128);
        NotificationPermission = Clip(NotificationPermission, 16);
        Challenge = Clip(Challenge, 128);
        Plugins = Clamp(Plugins, 0, 1000);
        Languages = Clamp(Languages, 0, 100);
        HardwareConcurrency = Clamp(HardwareConcurrency, 0, 1024);
        DeviceMemory = Clamp(DeviceMemory, 0, 1024);
        ScreenWidth = Clamp(ScreenWidth, 0, 100_000);
        ScreenHeight = Clamp(ScreenHeight, 0, 100_000);
        AvailWidth = Clamp(AvailWidth, 0, 100_000);
        AvailHeight = Clamp(AvailHeight, 0, 100_000);
        OuterWidth = Clamp(OuterWidth, 0, 100_000);
        OuterHeight = Clamp(OuterHeight, 0, 100_000);
        InnerWidth = Clamp(InnerWidth, 0, 100_000);
        InnerHeight = Clamp(InnerHeight, 0, 100_000);
        PixelRatio = Clamp(PixelRatio, 0, 100);
        MaxTouchPoints = Clamp(MaxTouchPoints, 0, 1000);
        EvalLength = Clamp(EvalLength, 0, 1000);
        Automation = Clamp(Automation, 0, int.MaxValue);
        TamperedCount = Clamp(TamperedCount, 0, 1000);
        if (TamperedNames is { } names)
        {
            if (names.Count > MaxTamperedNames)
            {
                names.RemoveRange(MaxTamperedNames, names.Count - MaxTamperedNames);
            }

            for (var i = 0; i < names.Count; i++)
            {
                names[i] = Clip(names[i] ?? string.Empty, 8)!;
            }
        }

        Worker?.Sanitize();
        Frame?.Sanitize();
        Behaviour?.Sanitize();
        MouseMoves = Clamp(MouseMoves, 0, 1_000_000);
        KeyDowns = Clamp(KeyDowns, 0, 1_000_000);
        Clicks = Clamp(Clicks, 0, 1_000_000);
        Scrolls = Clamp(Scrolls, 0, 1_000_000);
        Touches = Clamp(Touches, 0, 1_000_000);
        UntrustedEvents = Clamp(UntrustedEvents, 0, 1_000_000);
        MousePointerDowns = Clamp(MousePointerDowns, 0, 1_000_000);
        ZeroPressurePointerDowns = Clamp(ZeroPressurePointerDowns, 0, 1_000_000);
        InsertWithoutKeys = Clamp(InsertWithoutKeys, 0, 1_000_000);
        FractionalMoves = Clamp(FractionalMoves, 0, 1_000_000);
        ElapsedMs = Clamp(ElapsedMs, 0, int.MaxValue);
        ChallengeAgeMs = Clamp(ChallengeAgeMs, 0, int.MaxValue);
        Errors = Clamp(Errors, 0, 1000);
    }

    /// <summary>Cuts a string to <paramref name="max"/> characters, as <see cref="Sanitize"/> does.</summary>
    public static string? Clip(string? s, int max = MaxStringLength) => s is not null && s.Length > max ? s[..max] : s;

    /// <summary>Reads the compact JSON form; null when absent or not signals at all.</summary>
    public static ClientSignals? Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, SignalsJsonContext.Default.ClientSignals);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static int? Clamp(int? v, int min, int max) => v is null ? null : Math.Clamp(v.Value, min, max);

    internal static double? Clamp(double? v, double min, double max) =>
        v is null || double.IsNaN(v.Value) ? null : Math.Clamp(v.Value, min, max);
}

/// <summary>Bits of <see cref="ClientSignals.Automation"/>: artefacts automation frameworks leave in a page.</summary>
[Flags]
public enum AutomationArtefacts
{
    None = 0,

    /// <summary>chromedriver's <c>$cdc_…</c> / <c>cdc_</c> properties on window or document.</summary>
    ChromeDriver = 1,

    /// <summary>Playwright's <c>__pwInitScripts</c>, <c>__playwright__binding__</c> or other <c>__playwright</c> globals.</summary>
    Playwright = 2,

    /// <summary>Puppeteer's <c>puppeteer_*</c> bindings or <c>__puppeteer_evaluation_script__</c>.</summary>
    Puppeteer = 4,

    /// <summary>Selenium / WebDriver globals or &lt;html&gt; attributes (<c>__webdriver_*</c>, <c>__selenium_*</c>, <c>domAutomation</c>, webdriver/selenium/driver attributes).</summary>
    Selenium = 8,

    /// <summary>PhantomJS, Nightmare, Electron (<c>callPhantom</c>, <c>_phantom</c>, <c>__nightmare</c>, <c>process.versions.electron</c>).</summary>
    OtherDriver = 16,

    /// <summary>A synthetic input event fired from a stack that shows a driver's evaluation frame (<c>pptr:</c>, <c>UtilityScript</c>, <c>__puppeteer_evaluation_script__</c>).</summary>
    DriverStack = 32,

    /// <summary>A user agent naming a headless or scripted browser (HeadlessChrome, PhantomJS, Electron) in the page.</summary>
    HeadlessUserAgent = 64,
}

/// <summary>Facts read again in another JavaScript context (a worker or an iframe), to compare with the page's.</summary>
public sealed class ContextSignals
{
    [JsonPropertyName("ua")]
    public string? UserAgent { get; set; }

    [JsonPropertyName("pf")]
    public string? Platform { get; set; }

    [JsonPropertyName("hc")]
    public int? HardwareConcurrency { get; set; }

    [JsonPropertyName("dm")]
    public double? DeviceMemory { get; set; }

    [JsonPropertyName("ls")]
    public string? LanguageList { get; set; }

    [JsonPropertyName("tz")]
    public string? TimeZone { get; set; }

    [JsonPropertyName("wd")]
    public bool? Webdriver { get; set; }

    /// <summary>WebGL renderer (worker: through OffscreenCanvas); empty when unavailable.</summary>
    [JsonPropertyName("gl")]
    public string? WebGlRenderer { get; set; }

    /// <summary>The CDP probe fired in this context.</summary>
    [JsonPropertyName("cdp")]
    public bool? CdpAttached { get; set; }

    /// <summary>Iframe only: contentWindow behaved like a Proxy (stealth's iframe.contentWindow evasion).</summary>
    [JsonPropertyName("px")]
    public bool? ProxiedWindow { get; set; }

    public void Sanitize()
    {
        UserAgent = ClientSignals.Clip(UserAgent);
        Platform = ClientSignals.Clip(Platform, ClientSignals.MaxShortStringLength);
        LanguageList = ClientSignals.Clip(LanguageList, ClientSignals.MaxShortStringLength);
        TimeZone = ClientSignals.Clip(TimeZone, ClientSignals.MaxShortStringLength);
        WebGlRenderer = ClientSignals.Clip(WebGlRenderer, 128);
        HardwareConcurrency = ClientSignals.Clamp(HardwareConcurrency, 0, 1024);
        DeviceMemory = ClientSignals.Clamp(DeviceMemory, 0, 1024);
    }
}
