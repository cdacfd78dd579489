namespace Bulwark.Core.Signals;

/// <summary>
/// The short codes enterprise.js puts in <see cref="ClientSignals.TamperedNames"/>: one per native
/// function or getter that failed a lie test (docs/signals.md). Two families matter for scoring:
/// JS spoofers such as puppeteer-extra-stealth patch what automation gives away
/// (<see cref="SpooferPattern"/>); privacy extensions patch fingerprinting surfaces
/// (<see cref="PrivacyPattern"/>). Tampering of the second kind alone is a privacy tool, not a bot.
/// </summary>
public static class TamperCodes
{
    /// <summary>Function.prototype.toString.</summary>
    public const string FunctionToString = "fts";

    /// <summary>Permissions.prototype.query.</summary>
    public const string PermissionsQuery = "pq";

    /// <summary>WebGLRenderingContext.prototype.getParameter.</summary>
    public const string WebGlGetParameter = "gp";

    /// <summary>WebGL2RenderingContext.prototype.getParameter.</summary>
    public const string WebGl2GetParameter = "gp2";

    /// <summary>Navigator.prototype webdriver getter (also: missing from the prototype, as stealth deletes it).</summary>
    public const string NavigatorWebdriver = "nwd";

    public const string NavigatorHardwareConcurrency = "nhc";

    public const string NavigatorLanguages = "nlg";

    public const string NavigatorPlugins = "npl";

    public const string NavigatorUserAgent = "nua";

    public const string NavigatorPlatform = "npf";

    public const string NavigatorVendor = "nvd";

    public const string NavigatorDeviceMemory = "ndm";

    /// <summary>The navigator instance has own properties (getters belong on Navigator.prototype).</summary>
    public const string NavigatorInstance = "nio";

    /// <summary>HTMLMediaElement.prototype.canPlayType.</summary>
    public const string CanPlayType = "cpt";

    /// <summary>HTMLIFrameElement.prototype contentWindow getter.</summary>
    public const string IframeContentWindow = "icw";

    /// <summary>HTMLCanvasElement.prototype.toDataURL.</summary>
    public const string CanvasToDataUrl = "tdu";

    /// <summary>CanvasRenderingContext2D.prototype.getImageData.</summary>
    public const string CanvasGetImageData = "gid";

    /// <summary>AudioBuffer.prototype.getChannelData.</summary>
    public const string AudioChannelData = "gcd";

    /// <summary>Element.prototype.getClientRects.</summary>
    public const string ClientRects = "gcr";

    /// <summary>Element.prototype.getBoundingClientRect.</summary>
    public const string BoundingClientRect = "gbr";

    /// <summary>Date.prototype.getTimezoneOffset.</summary>
    public const string TimezoneOffset = "tzo";

    /// <summary>Intl.DateTimeFormat.prototype.resolvedOptions.</summary>
    public const string DateTimeFormatOptions = "dro";

    /// <summary>Notification.permission getter.</summary>
    public const string NotificationPermission = "ntp";

    /// <summary>Screen.prototype width/height getters.</summary>
    public const string ScreenSize = "scr";

    /// <summary>Codes puppeteer-extra-stealth and other JS spoofers patch: automation gives them away.</summary>
    public static readonly IReadOnlySet<string> SpooferPattern = new HashSet<string>(StringComparer.Ordinal)
    {
        FunctionToString, PermissionsQuery, WebGlGetParameter, WebGl2GetParameter,
        NavigatorWebdriver, NavigatorHardwareConcurrency, NavigatorLanguages, NavigatorPlugins,
        NavigatorUserAgent, NavigatorPlatform, NavigatorVendor, NavigatorDeviceMemory, NavigatorInstance,
        CanPlayType, IframeContentWindow,
    };

    /// <summary>Codes privacy extensions (CanvasBlocker, JShelter, Trace, …) commonly patch.</summary>
    public static readonly IReadOnlySet<string> PrivacyPattern = new HashSet<string>(StringComparer.Ordinal)
    {
        CanvasToDataUrl, CanvasGetImageData, AudioChannelData, ClientRects, BoundingClientRect,
        TimezoneOffset, DateTimeFormatOptions, ScreenSize,
    };

    /// <summary>Every code the collector emits (the two patterns plus the unclassified ones).</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(SpooferPattern.Concat(PrivacyPattern).Append(NotificationPermission), StringComparer.Ordinal);
}
