using Bulwark.Core.Signals;

namespace Bulwark.Core.Tests.Signals;

public sealed class PayloadProofTests
{
    // Computed with the cyrb53 in enterprise.js (node, seed 0); the C# twin must agree to the bit.
    [Theory]
    [InlineData("", 3338908027751811UL)]
    [InlineData("a", 7929297801672961UL)]
    [InlineData("revenge", 4051478007546757UL)]
    [InlineData("abc|{\"v\":2,\"ua\":\"Mozilla/5.0\",\"ls\":\"de-DE,é,日本\"}", 4633299771317961UL)]
    [InlineData("x|{\"s\":\"\\ud83d\\ude00😀\"}", 2194455767154482UL)]
    public void Cyrb53_MatchesTheScript(string text, ulong expected) =>
        Assert.Equal(expected, PayloadProof.Cyrb53Of(text));

    [Fact]
    public void Compute_IsHexOfChallengeBarSignals() =>
        Assert.Equal("1075f62b01dec9", PayloadProof.Compute("abc", "{\"v\":2,\"ua\":\"Mozilla/5.0\",\"ls\":\"de-DE,é,日本\"}"));

    [Fact]
    public void Verify_AnyEditOfTheSignals_Fails()
    {
        const string signals = "{\"v\":2,\"wd\":false}";
        var proof = PayloadProof.Compute("challenge", signals);
        Assert.True(PayloadProof.Verify("challenge", signals, proof));
        Assert.False(PayloadProof.Verify("challenge", "{\"v\":2,\"wd\":true}", proof));
        Assert.False(PayloadProof.Verify("challenge", "{\"v\":2, \"wd\":false}", proof));
        Assert.False(PayloadProof.Verify("other", signals, proof));
        Assert.False(PayloadProof.Verify("challenge", signals, null));
    }
}
