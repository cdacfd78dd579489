namespace Bulwark.Core.Signals;

/// <summary>The few facts the engine needs from a user-agent string: engine, operating system, headless.</summary>
public readonly record struct UserAgentFacts(BrowserEngine Engine, OperatingSystemFamily Os, bool Headless)
{
    public static UserAgentFacts Parse(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return default;
        }

        var ua = userAgent.AsSpan();
        var os = OsOf(ua);
        BrowserEngine engine;
        if (os is OperatingSystemFamily.IOS)
        {
            // Every iOS browser is WebKit, whatever brand it wears (CriOS, FxiOS, EdgiOS).
            engine = BrowserEngine.WebKit;
        }
        else if (ua.Contains("Firefox/", StringComparison.Ordinal) && !ua.Contains("Seamonkey", StringComparison.Ordinal))
        {
            engine = BrowserEngine.Gecko;
        }
        else if (ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal))
        {
            engine = BrowserEngine.Blink;
        }
        else if (ua.Contains("AppleWebKit/", StringComparison.Ordinal) && ua.Contains("Safari/", StringComparison.Ordinal))
        {
            engine = BrowserEngine.WebKit;
        }
        else
        {
            engine = BrowserEngine.Unknown;
        }

        var headless = ua.Contains("HeadlessChrome", StringComparison.Ordinal)
            || ua.Contains("PhantomJS", StringComparison.Ordinal)
            || ua.Contains("Electron/", StringComparison.Ordinal);
        return new(engine, os, headless);
    }

    /// <summary>navigator.platform or a Sec-CH-UA-Platform / userAgentData.platform value, as an OS family.</summary>
    public static OperatingSystemFamily OsOfPlatform(string? platform)
    {
        if (string.IsNullOrEmpty(platform))
        {
            return OperatingSystemFamily.Unknown;
        }

        var p = platform.AsSpan().Trim('"');
        if (p.StartsWith("Win", StringComparison.OrdinalIgnoreCase))
        {
            return OperatingSystemFamily.Windows;
        }

        if (p.StartsWith("Mac", StringComparison.OrdinalIgnoreCase))
        {
            return OperatingSystemFamily.MacOS;
        }

        if (p.StartsWith("iP", StringComparison.Ordinal) || p.Equals("iOS", StringComparison.OrdinalIgnoreCase))
        {
            return OperatingSystemFamily.IOS;
        }

        if (p.Equals("Android", StringComparison.OrdinalIgnoreCase))
        {
            return OperatingSystemFamily.Android;
        }

        if (p.StartsWith("CrOS", StringComparison.Ordinal) || p.Equals("Chrome OS", StringComparison.OrdinalIgnoreCase))
        {
            return OperatingSystemFamily.ChromeOS;
        }

        // Android's navigator.platform is "Linux armv8l" / "Linux aarch64": Linux covers both.
        return p.StartsWith("Linux", StringComparison.OrdinalIgnoreCase) ? OperatingSystemFamily.Linux : OperatingSystemFamily.Unknown;
    }

    /// <summary>Whether two OS families can describe the same device (Android reports Linux platforms; iPads in desktop mode report MacIntel).</summary>
    public static bool Compatible(OperatingSystemFamily a, OperatingSystemFamily b) =>
        a == OperatingSystemFamily.Unknown || b == OperatingSystemFamily.Unknown || a == b
        || (a, b) is (OperatingSystemFamily.Android, OperatingSystemFamily.Linux) or (OperatingSystemFamily.Linux, OperatingSystemFamily.Android)
        or (OperatingSystemFamily.IOS, OperatingSystemFamily.MacOS) or (OperatingSystemFamily.MacOS, OperatingSystemFamily.IOS)
        or (OperatingSystemFamily.ChromeOS, OperatingSystemFamily.Linux) or (OperatingSystemFamily.Linux, OperatingSystemFamily.ChromeOS);

    private static OperatingSystemFamily OsOf(ReadOnlySpan<char> ua)
    {
        if (ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) || ua.Contains("iPod", StringComparison.Ordinal))
        {
            return OperatingSystemFamily.IOS;
        }

        if (ua.Contains("Android", StringComparison.Ordinal))
        {
            return OperatingSystemFamily.Android;
        }

        if (ua.Contains("Windows", StringComparison.Ordinal))
        {
            return OperatingSystemFamily.Windows;
        }

        if (ua.Contains("CrOS", StringComparison.Ordinal))
        {
            return OperatingSystemFamily.ChromeOS;
        }

        if (ua.Contains("Macintosh", StringComparison.Ordinal) || ua.Contains("Mac OS X", StringComparison.Ordinal))
        {
            return OperatingSystemFamily.MacOS;
        }

        return ua.Contains("Linux", StringComparison.Ordinal) || ua.Contains("X11", StringComparison.Ordinal)
            ? OperatingSystemFamily.Linux
            : OperatingSystemFamily.Unknown;
    }
}

public enum BrowserEngine
{
    Unknown,
    Blink,
    Gecko,
    WebKit,
}

public enum OperatingSystemFamily
{
    Unknown,
    Windows,
    MacOS,
    Linux,
    Android,
    IOS,
    ChromeOS,
}
