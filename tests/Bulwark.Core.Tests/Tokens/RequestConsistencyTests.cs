using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Tests.Tokens;

public sealed class RequestConsistencyTests
{
    private const string LinuxChrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
    private const string Brands = "\"Chromium\";v=\"130\", \"Google Chrome\";v=\"130\", \"Not?A_Brand\";v=\"99\"";

    private static ClientSignals Page(string ua = LinuxChrome, string? platform = "Linux", string? brands = "Chromium/130,Google Chrome/130,Not?A_Brand/99", string? languages = "de-DE,en") =>
        new() { UserAgent = ua, UaPlatform = platform, UaBrands = brands, LanguageList = languages };

    private static TokenIssueRequest Request(string? platform = "\"Linux\"", string? brands = Brands, string? acceptLanguage = "de-DE,de;q=0.9,en;q=0.8", string ua = LinuxChrome) =>
        new("6Lsitekey", "login", "example.com", "198.51.100.7", ua, ReadOnlyMemory<byte>.Empty)
        {
            HeaderClientHintsPlatform = platform,
            HeaderClientHintsBrands = brands,
            HeaderAcceptLanguage = acceptLanguage,
        };

    [Fact]
    public void Check_ConsistentChrome_RaisesNothing() =>
        Assert.Equal(TokenFlags.None, RequestConsistency.Check(Page(), Request()));

    [Fact]
    public void Check_AbsentHeaders_AreNeverAMismatch() =>
        Assert.Equal(TokenFlags.None, RequestConsistency.Check(Page(), Request(platform: null, brands: null, acceptLanguage: null)));

    [Fact]
    public void Check_SafariWithNoClientHintsAnywhere_RaisesNothing() =>
        Assert.Equal(TokenFlags.None, RequestConsistency.Check(Page(platform: null, brands: null), Request(platform: null, brands: null)));

    [Fact]
    public void Check_HeaderPlatformAgainstPagePlatform_IsClientHintsMismatch() =>
        Assert.Equal(TokenFlags.ClientHintsMismatch, RequestConsistency.Check(Page(platform: "Windows"), Request()));

    [Fact]
    public void Check_HeaderPlatformAgainstUserAgentOs_IsClientHintsMismatch()
    {
        // A UA spoofer that rewrote the string to Windows but left the hints on Linux.
        Assert.Equal(TokenFlags.ClientHintsMismatch, RequestConsistency.Check(Page(ua: WindowsChrome, platform: null), Request(ua: WindowsChrome)));
        Assert.Equal(TokenFlags.ClientHintsMismatch, RequestConsistency.Check(Page(ua: WindowsChrome, platform: null), Request()));
    }

    [Fact]
    public void Check_StaleStealthBrands_IsClientHintsMismatch() =>
        Assert.Equal(
            TokenFlags.ClientHintsMismatch,
            RequestConsistency.Check(Page(brands: " Not A;Brand/99,Chromium/130,Google Chrome/130"), Request(brands: "\"Not:A-Brand\";v=\"8\", \"Chromium\";v=\"130\"")));

    [Fact]
    public void Check_GreaseBrandWithSlash_ParsesOnBothSides() =>
        Assert.Equal(
            TokenFlags.None,
            RequestConsistency.Check(Page(brands: "Not/A)Brand/8,Chromium/126"), Request(brands: "\"Not/A)Brand\";v=\"8\", \"Chromium\";v=\"126\"")));

    [Fact]
    public void Check_AndroidUserAgentSaysLinux_IsNoMismatchForAndroidHint() =>
        Assert.Equal(
            TokenFlags.None,
            RequestConsistency.Check(
                Page(ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36", platform: "Android"),
                Request(platform: "\"Android\"", ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36")));

    [Theory]
    [InlineData("fr-FR,fr;q=0.9", "de-DE,en", true)]
    [InlineData("de", "de-AT", false)]
    [InlineData("EN-us", "en", false)]
    [InlineData("*", "de-DE", false)]
    [InlineData("", "de-DE", false)]
    [InlineData("de-DE", null, false)]
    public void Check_AcceptLanguageAgainstFirstPageLanguage(string acceptLanguage, string? languages, bool mismatch) =>
        Assert.Equal(mismatch ? TokenFlags.LanguageMismatch : TokenFlags.None, RequestConsistency.Check(Page(languages: languages), Request(acceptLanguage: acceptLanguage)));
}
