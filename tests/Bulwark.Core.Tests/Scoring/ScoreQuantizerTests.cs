using Bulwark.Core.Protocol;
using Bulwark.Core.Scoring;

namespace Bulwark.Core.Tests.Scoring;

public sealed class ScoreQuantizerTests
{
    [Theory]
    [InlineData(0.0, 0.0f)]
    [InlineData(0.04, 0.0f)]
    [InlineData(0.05, 0.1f)]
    [InlineData(0.449, 0.4f)]
    [InlineData(0.45, 0.5f)]
    [InlineData(0.96, 1.0f)]
    [InlineData(1.0, 1.0f)]
    public void Quantize_FullTier_RoundsToElevenLevels(double p, float expected) =>
        Assert.Equal(expected, ScoreQuantizer.Quantize(p, fullScoreLevels: true));

    [Theory]
    [InlineData(0.0, 0.1f)]
    [InlineData(0.19, 0.1f)]
    [InlineData(0.2, 0.3f)]
    [InlineData(0.49, 0.3f)]
    [InlineData(0.5, 0.7f)]
    [InlineData(0.79, 0.7f)]
    [InlineData(0.8, 0.9f)]
    [InlineData(1.0, 0.9f)]
    public void Quantize_DefaultTier_UsesOnlyFourLevels(double p, float expected) =>
        Assert.Equal(expected, ScoreQuantizer.Quantize(p, fullScoreLevels: false));

    [Fact]
    public void Quantize_EveryProbability_LandsOnALevel()
    {
        float[] full = [0f, .1f, .2f, .3f, .4f, .5f, .6f, .7f, .8f, .9f, 1f];
        float[] basic = [.1f, .3f, .7f, .9f];
        for (var p = 0.0; p <= 1.0; p += 0.001)
        {
            Assert.Contains(ScoreQuantizer.Quantize(p, true), full);
            Assert.Contains(ScoreQuantizer.Quantize(p, false), basic);
        }
    }

    [Theory]
    [InlineData(double.NaN, 0f)]
    [InlineData(-3.0, 0f)]
    [InlineData(7.0, 1f)]
    public void Quantize_OutOfRange_IsClamped(double p, float expected) =>
        Assert.Equal(expected, ScoreQuantizer.Quantize(p, true));

    [Fact]
    public void Reasons_DefaultTier_AreNeverGiven()
    {
        Evidence[] evidence = [new("navigator-webdriver", -7, ClassificationReason.Automation)];
        Assert.Empty(ScoreQuantizer.Reasons(evidence, fullScoreLevels: false));
    }

    [Fact]
    public void Reasons_FullTier_StrongestFirstAndWeakOnesLeftOut()
    {
        Evidence[] evidence =
        [
            new("ip-changed", -0.5, ClassificationReason.UnexpectedUsagePatterns),
            new("user-agent-spoofed", -3, ClassificationReason.UnexpectedEnvironment),
            new("navigator-webdriver", -7, ClassificationReason.Automation),
        ];

        Assert.Equal([ClassificationReason.Automation, ClassificationReason.UnexpectedEnvironment], ScoreQuantizer.Reasons(evidence, fullScoreLevels: true));
    }
}
