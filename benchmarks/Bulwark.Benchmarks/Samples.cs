using System.Text;

namespace Bulwark.Benchmarks;

/// <summary>The inputs the benchmarks share: what a person's browser sends and what an assessment stores.</summary>
internal static class Samples
{
    /// <summary>A collector v2 payload like a person's in Chromium on Linux: environment, worker, iframe, behaviour.</summary>
    public static byte[] SignalsJson() =>
        """{"cn":"AQAAAAFpQ2x0AAAAAJ1c3J5x0uQ9mE2kVq8Hn3X0bS1lQ7r_aZc","ca":8450,"v":2,"wd":false,"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","pf":"Linux x86_64","pl":5,"lg":2,"ls":"en-US,en","hc":8,"dm":8,"sw":1920,"sh":1080,"aw":1920,"ah":1050,"ow":1920,"oh":1050,"iw":1920,"ih":960,"pr":1,"tz":"Europe/Berlin","tp":0,"ch":true,"el2":33,"uab":"Chromium/156,Not_A Brand/24","uam":false,"uap":"Linux","gl":"ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)","np":"default","pdf":true,"au":0,"cdp":false,"tm":0,"tn":[],"wk":{"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","pf":"Linux x86_64","hc":8,"dm":8,"ls":"en-US,en","tz":"Europe/Berlin","wd":false,"gl":"ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)","cdp":false},"fr":{"ua":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36","pf":"Linux x86_64","hc":8,"dm":8,"ls":"en-US,en","tz":"Europe/Berlin","wd":false,"px":false},"mm":212,"kd":24,"ck":3,"sc":1,"tc":0,"ut":0,"pd":3,"pz":0,"ik":0,"fc":0,"b":{"mn":212,"ms":6,"st":0.83,"vm":0.74,"vc":0.91,"vp":0.38,"am":0.012,"ta":0.31,"tr":0.04,"dtm":16.7,"dtc":0.42,"eq":0.02,"cn":3,"cdm":96,"cdz":0,"cmv":1,"kn":24,"khm":92,"khc":0.31,"kfm":71,"kfc":0.58,"kro":0.12,"khz":0,"tfi":1830,"tli":410},"el":9200,"er":0}"""u8.ToArray();

    /// <summary>What AssessmentService stores for a scored assessment: evidence, velocity, network, token, signals (2.3 KB).</summary>
    public static byte[] FeaturesJson(byte[] signalsJson)
    {
        var features = new StringBuilder("""{"p":0.9213,"engine":"risk-3+behaviour-2","evidence":[""");
        string[] evidence = ["behaviour-mouse", "behaviour-keys", "worker-consistent", "plugins-present", "languages-match", "screen-plausible", "webgl-vendor"];
        for (var i = 0; i < evidence.Length; i++)
        {
            features.Append(i > 0 ? "," : "").Append($$"""{"signal":"{{evidence[i]}}","weight":{{(0.31 * i) - 0.7:F4}},"reason":"CLASSIFICATION_REASON_UNSPECIFIED"}""");
        }

        features.Append("""],"velocity":{"addressMinute":3,"addressHour":12,"networkMinute":3,"networkHour":40,"siteMinute":800,"actionMinute":300,"accountHour":0,"deviceHour":2,"challengeUses":1},"network":"None","tokenFlags":0,"tokenAgeMs":1234,"signals":""");
        return [.. Encoding.UTF8.GetBytes(features.ToString()), .. signalsJson, (byte)'}'];
    }
}
