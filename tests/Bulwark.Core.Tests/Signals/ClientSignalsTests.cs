using System.Text;
using Bulwark.Core.Signals;

namespace Bulwark.Core.Tests.Signals;

/// <summary>Reading the collector's compact payload, and clamping what a stranger may have written in it.</summary>
public sealed class ClientSignalsTests
{
    private const string Payload = """
        {"cn":"AQAAAAFpQ2x0","ca":8450,"v":2,"wd":false,"ua":"Mozilla/5.0 Chrome/156","pf":"Linux x86_64","pl":5,"lg":2,"ls":"en-US,en",
         "hc":8,"dm":8,"sw":1920,"sh":1080,"aw":1920,"ah":1050,"ow":1920,"oh":1050,"iw":1920,"ih":960,"pr":1.25,"tz":"Europe/Berlin","tp":0,
         "ch":true,"el2":33,"uab":"Chromium/156,Not_A Brand/24","uam":false,"uap":"Linux","gl":"ANGLE (Intel)","np":"default","pdf":true,
         "au":96,"cdp":true,"tm":2,"tn":["pq","fts"],
         "wk":{"ua":"Mozilla/5.0 Chrome/156","pf":"Linux x86_64","hc":4,"dm":8,"ls":"en-US,en","tz":"UTC","wd":false,"gl":"","cdp":true},
         "fr":{"ua":"Mozilla/5.0 Chrome/156","hc":8,"px":true},
         "mm":212,"kd":24,"ck":3,"sc":1,"tc":0,"ut":4,"pd":3,"pz":3,"ik":1,"fc":7,
         "b":{"mn":212,"st":0.83,"cdm":96,"kn":24,"khm":92,"tfi":1830},"el":9200,"er":1}
        """;

    [Fact]
    public void Parse_V2Payload_ReadsEverySignal()
    {
        var s = ClientSignals.Parse(Encoding.UTF8.GetBytes(Payload))!;

        Assert.Equal(2, s.Version);
        Assert.Equal(("AQAAAAFpQ2x0", 8450), (s.Challenge, s.ChallengeAgeMs));
        Assert.Equal(("Linux x86_64", "en-US,en", 8.0, 1.25), (s.Platform, s.LanguageList, s.DeviceMemory, s.PixelRatio));
        Assert.Equal((1920, 1050, 1920, 960), (s.AvailWidth, s.AvailHeight, s.InnerWidth, s.InnerHeight));
        Assert.Equal((33, "Chromium/156,Not_A Brand/24", false, "Linux"), (s.EvalLength, s.UaBrands, s.UaMobile, s.UaPlatform));
        Assert.Equal(("ANGLE (Intel)", "default", true), (s.WebGlRenderer, s.NotificationPermission, s.PdfViewer));
        Assert.Equal(AutomationArtefacts.DriverStack | AutomationArtefacts.HeadlessUserAgent, (AutomationArtefacts)s.Automation!);
        Assert.True(s.CdpAttached);
        Assert.Equal(["pq", "fts"], s.TamperedNames!);
        Assert.Equal((4, "UTC", string.Empty, true), (s.Worker!.HardwareConcurrency, s.Worker.TimeZone, s.Worker.WebGlRenderer, s.Worker.CdpAttached));
        Assert.True(s.Frame!.ProxiedWindow);
        Assert.Equal((3, 3, 1, 7, 4), (s.MousePointerDowns, s.ZeroPressurePointerDowns, s.InsertWithoutKeys, s.FractionalMoves, s.UntrustedEvents));
        Assert.Equal((212.0, 0.83, 96.0, 24.0, 92.0, 1830.0), (s.Behaviour!.MoveCount, s.Behaviour.Straightness, s.Behaviour.ClickDwellMedian, s.Behaviour.KeyCount, s.Behaviour.KeyHoldMedian, s.Behaviour.FirstInteractionMs));
        Assert.Equal((9200, 1), (s.ElapsedMs, s.Errors));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"hc":"eight"}""")]
    public void Parse_NotSignals_IsNull(string json) => Assert.Null(ClientSignals.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Sanitize_ClampsNumbersAndClipsStrings()
    {
        var s = new ClientSignals
        {
            UserAgent = new string('u', 5000),
            Platform = new string('p', 500),
            WebGlRenderer = new string('g', 500),
            HardwareConcurrency = -5,
            DeviceMemory = double.NaN,
            PixelRatio = 1e9,
            MouseMoves = int.MaxValue,
            TamperedNames = [.. Enumerable.Range(0, 40).Select(i => $"code-{i}-too-long")],
            Worker = new ContextSignals { UserAgent = new string('w', 5000), HardwareConcurrency = 100_000 },
            Behaviour = new BehaviourSummary { Straightness = double.PositiveInfinity, SpeedMean = -1e300, KeyCount = double.NaN },
        };

        s.Sanitize();

        Assert.Equal(ClientSignals.MaxStringLength, s.UserAgent!.Length);
        Assert.Equal(ClientSignals.MaxShortStringLength, s.Platform!.Length);
        Assert.Equal(128, s.WebGlRenderer!.Length);
        Assert.Equal(0, s.HardwareConcurrency);
        Assert.Null(s.DeviceMemory);
        Assert.Equal(100, s.PixelRatio);
        Assert.Equal(1_000_000, s.MouseMoves);
        Assert.Equal(ClientSignals.MaxTamperedNames, s.TamperedNames!.Count);
        Assert.All(s.TamperedNames, n => Assert.True(n.Length <= 8));
        Assert.Equal(ClientSignals.MaxStringLength, s.Worker!.UserAgent!.Length);
        Assert.Equal(1024, s.Worker.HardwareConcurrency);
        Assert.Equal(1e7, s.Behaviour!.Straightness);
        Assert.Equal(-1e7, s.Behaviour.SpeedMean);
        Assert.Null(s.Behaviour.KeyCount);
    }
}
