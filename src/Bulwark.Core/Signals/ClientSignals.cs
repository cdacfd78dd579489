using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bulwark.Core.Signals;

/// <summary>
/// The compact features enterprise.js summarises in the browser (never raw event streams).
/// Short JSON names keep tokens small. Every field is optional: a privacy browser may hide any.
/// </summary>
public sealed class ClientSignals
{
    public const int MaxStringLength = 256;

    /// <summary>navigator.webdriver.</summary>
    [JsonPropertyName("wd")]
    public bool? Webdriver { get; set; }

    /// <summary>navigator.userAgent as the page sees it.</summary>
    [JsonPropertyName("ua")]
    public string? UserAgent { get; set; }

    [JsonPropertyName("pl")]
    public int? Plugins { get; set; }

    [JsonPropertyName("lg")]
    public int? Languages { get; set; }

    [JsonPropertyName("hc")]
    public int? HardwareConcurrency { get; set; }

    [JsonPropertyName("sw")]
    public int? ScreenWidth { get; set; }

    [JsonPropertyName("sh")]
    public int? ScreenHeight { get; set; }

    [JsonPropertyName("ow")]
    public int? OuterWidth { get; set; }

    [JsonPropertyName("oh")]
    public int? OuterHeight { get; set; }

    [JsonPropertyName("tz")]
    public string? TimeZone { get; set; }

    [JsonPropertyName("tp")]
    public int? MaxTouchPoints { get; set; }

    /// <summary>window.chrome exists (expected in Chromium-based browsers).</summary>
    [JsonPropertyName("ch")]
    public bool? ChromeObject { get; set; }

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

    /// <summary>Milliseconds from script load to execute().</summary>
    [JsonPropertyName("el")]
    public int? ElapsedMs { get; set; }

    /// <summary>Collector steps that threw.</summary>
    [JsonPropertyName("er")]
    public int? Errors { get; set; }

    /// <summary>Clamp what a stranger sent to sane bounds before it goes into a token.</summary>
    public void Sanitize()
    {
        UserAgent = Clip(UserAgent);
        TimeZone = Clip(TimeZone);
        Plugins = Clamp(Plugins, 0, 1000);
        Languages = Clamp(Languages, 0, 100);
        HardwareConcurrency = Clamp(HardwareConcurrency, 0, 1024);
        ScreenWidth = Clamp(ScreenWidth, 0, 100_000);
        ScreenHeight = Clamp(ScreenHeight, 0, 100_000);
        OuterWidth = Clamp(OuterWidth, 0, 100_000);
        OuterHeight = Clamp(OuterHeight, 0, 100_000);
        MaxTouchPoints = Clamp(MaxTouchPoints, 0, 1000);
        MouseMoves = Clamp(MouseMoves, 0, 1_000_000);
        KeyDowns = Clamp(KeyDowns, 0, 1_000_000);
        Clicks = Clamp(Clicks, 0, 1_000_000);
        Scrolls = Clamp(Scrolls, 0, 1_000_000);
        Touches = Clamp(Touches, 0, 1_000_000);
        UntrustedEvents = Clamp(UntrustedEvents, 0, 1_000_000);
        ElapsedMs = Clamp(ElapsedMs, 0, int.MaxValue);
        Errors = Clamp(Errors, 0, 1000);
    }

    /// <summary>Cuts a string to <see cref="MaxStringLength"/>, as <see cref="Sanitize"/> does.</summary>
    public static string? Clip(string? s) => s is { Length: > MaxStringLength } ? s[..MaxStringLength] : s;

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

    private static int? Clamp(int? v, int min, int max) => v is null ? null : Math.Clamp(v.Value, min, max);
}
