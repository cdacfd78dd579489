using Bulwark.Core.Signals;

namespace Bulwark.Core.Tests.Signals;

public sealed class DeviceHashTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    private static ClientSignals Laptop(string ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.60 Safari/537.36") => new()
    {
        UserAgent = ua,
        Platform = "Linux x86_64",
        HardwareConcurrency = 8,
        DeviceMemory = 8,
        ScreenWidth = 1920,
        ScreenHeight = 1080,
        PixelRatio = 1,
        TimeZone = "Europe/Berlin",
        LanguageList = "de-DE,de,en",
        WebGlRenderer = "ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)",
        MouseMoves = 10,
    };

    [Fact]
    public void Of_SameDevice_SameHashAcrossPageLoads()
    {
        var other = Laptop("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36");
        other.MouseMoves = 500;
        Assert.Equal(DeviceHash.Of(Laptop(), Secret), DeviceHash.Of(other, Secret));
        Assert.NotEqual(0UL, DeviceHash.Of(Laptop(), Secret));
    }

    [Fact]
    public void Of_AnotherSecret_AnotherHash() =>
        Assert.NotEqual(DeviceHash.Of(Laptop(), Secret), DeviceHash.Of(Laptop(), new byte[16]));

    [Fact]
    public void Of_AnotherMajorVersionOrScreen_AnotherHash()
    {
        var upgraded = Laptop("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36");
        var screen = Laptop();
        screen.ScreenWidth = 2560;
        Assert.NotEqual(DeviceHash.Of(Laptop(), Secret), DeviceHash.Of(upgraded, Secret));
        Assert.NotEqual(DeviceHash.Of(Laptop(), Secret), DeviceHash.Of(screen, Secret));
    }

    [Fact]
    public void Of_RotatedScreen_SameHash()
    {
        var rotated = Laptop();
        (rotated.ScreenWidth, rotated.ScreenHeight) = (1080, 1920);
        Assert.Equal(DeviceHash.Of(Laptop(), Secret), DeviceHash.Of(rotated, Secret));
    }

    [Fact]
    public void Of_TooFewStableFacts_IsZero()
    {
        Assert.Equal(0UL, DeviceHash.Of(null, Secret));
        Assert.Equal(0UL, DeviceHash.Of(new ClientSignals { Platform = "Win32", TimeZone = "UTC", HardwareConcurrency = 4 }, Secret));
        Assert.NotEqual(0UL, DeviceHash.Of(new ClientSignals { Platform = "Win32", TimeZone = "UTC", HardwareConcurrency = 4, LanguageList = "en" }, Secret));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51", "Edg/124")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox/128")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Safari/17")]
    [InlineData("curl/8.5.0", null)]
    public void BrowserFamily_KeepsFamilyAndMajorVersion(string ua, string? expected) =>
        Assert.Equal(expected, DeviceHash.BrowserFamily(ua));
}
