using Bulwark.Core.Signals;

namespace Bulwark.Core.Tests.Signals;

public sealed class UserAgentFactsTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", BrowserEngine.Blink, OperatingSystemFamily.Linux, false)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", BrowserEngine.Blink, OperatingSystemFamily.Linux, true)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0", BrowserEngine.Blink, OperatingSystemFamily.Windows, false)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", BrowserEngine.Gecko, OperatingSystemFamily.Linux, false)]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15", BrowserEngine.WebKit, OperatingSystemFamily.MacOS, false)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/156.0 Mobile/15E148 Safari/604.1", BrowserEngine.WebKit, OperatingSystemFamily.IOS, false)]
    [InlineData("Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36", BrowserEngine.Blink, OperatingSystemFamily.Android, false)]
    [InlineData("curl/8.5.0", BrowserEngine.Unknown, OperatingSystemFamily.Unknown, false)]
    public void Parse_KnownUserAgents(string ua, BrowserEngine engine, OperatingSystemFamily os, bool headless) =>
        Assert.Equal(new UserAgentFacts(engine, os, headless), UserAgentFacts.Parse(ua));

    [Theory]
    [InlineData("Win32", OperatingSystemFamily.Windows)]
    [InlineData("MacIntel", OperatingSystemFamily.MacOS)]
    [InlineData("Linux x86_64", OperatingSystemFamily.Linux)]
    [InlineData("Linux armv8l", OperatingSystemFamily.Linux)]
    [InlineData("iPhone", OperatingSystemFamily.IOS)]
    [InlineData("\"Windows\"", OperatingSystemFamily.Windows)]
    [InlineData("Chrome OS", OperatingSystemFamily.ChromeOS)]
    [InlineData("", OperatingSystemFamily.Unknown)]
    public void OsOfPlatform_MapsPlatformStrings(string platform, OperatingSystemFamily os) =>
        Assert.Equal(os, UserAgentFacts.OsOfPlatform(platform));

    [Theory]
    [InlineData(OperatingSystemFamily.Android, OperatingSystemFamily.Linux, true)]
    [InlineData(OperatingSystemFamily.IOS, OperatingSystemFamily.MacOS, true)]
    [InlineData(OperatingSystemFamily.Unknown, OperatingSystemFamily.Windows, true)]
    [InlineData(OperatingSystemFamily.Windows, OperatingSystemFamily.Linux, false)]
    public void Compatible_AllowsTheKnownLegitimatePairs(OperatingSystemFamily a, OperatingSystemFamily b, bool compatible) =>
        Assert.Equal(compatible, UserAgentFacts.Compatible(a, b));
}
