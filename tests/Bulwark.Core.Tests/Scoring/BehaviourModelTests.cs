using System.Text;
using Bulwark.Core.Scoring;
using Bulwark.Core.Signals;

namespace Bulwark.Core.Tests.Scoring;

public sealed class BehaviourModelTests
{
    internal static BehaviourSummary HumanMouse() => new()
    {
        MoveCount = 129,
        StrokeCount = 4,
        Straightness = 0.805,
        SpeedMean = 1.2,
        SpeedVariation = 1.26,
        PeakSpeedPosition = 0.3,
        AccelerationMean = 0.0265,
        TurnMean = 0.236,
        ReversalShare = 0.009,
        IntervalMedian = 17,
        IntervalVariation = 0.85,
        EqualStepShare = 0.059,
        ClickCount = 5,
        ClickDwellMedian = 86,
        ClickDwellTinyShare = 0,
        ClickApproachShare = 1,
    };

    // Playwright mouse.move(x, y, { steps: 200 }) then click(): a ruler line at a constant cadence.
    internal static BehaviourSummary RulerLine() => new()
    {
        MoveCount = 200,
        StrokeCount = 1,
        Straightness = 1,
        SpeedMean = 5,
        SpeedVariation = 0,
        PeakSpeedPosition = 0,
        AccelerationMean = 0,
        TurnMean = 0,
        ReversalShare = 0,
        IntervalMedian = 2,
        IntervalVariation = 0,
        EqualStepShare = 1,
        ClickCount = 1,
        ClickDwellMedian = 0.5,
        ClickDwellTinyShare = 1,
        ClickApproachShare = 1,
    };

    internal static BehaviourSummary HumanKeys() => new()
    {
        KeyCount = 20,
        KeyHoldMedian = 95,
        KeyHoldVariation = 0.3,
        KeyFlightMedian = 80,
        KeyIntervalVariation = 0.55,
        KeyRolloverShare = 0.15,
        KeyHoldTinyShare = 0,
    };

    // Puppeteer keyboard.type(text, { delay: 100 }).
    internal static BehaviourSummary ConstantTyping() => new()
    {
        KeyCount = 20,
        KeyHoldMedian = 1,
        KeyHoldVariation = 0.4,
        KeyFlightMedian = 100,
        KeyIntervalVariation = 0.005,
        KeyRolloverShare = 0,
        KeyHoldTinyShare = 1,
    };

    [Fact]
    public void Default_Loads_WithVersionAndBothSubModels()
    {
        var model = BehaviourModel.Default;

        Assert.StartsWith("behaviour-", model.Version, StringComparison.Ordinal);
        Assert.NotNull(model.MouseTestAuc);
        Assert.NotNull(model.KeysTestAuc);
        Assert.Same(model, BehaviourModel.Default);
    }

    [Fact]
    public void Evaluate_HumanMouse_ScoresAboveRulerLine()
    {
        var human = BehaviourModel.Default.Evaluate(HumanMouse());
        var bot = BehaviourModel.Default.Evaluate(RulerLine());

        Assert.NotNull(human.MouseLogOdds);
        Assert.NotNull(bot.MouseLogOdds);
        Assert.True(human.MouseLogOdds > 0, $"human {human.MouseLogOdds}");
        Assert.True(bot.MouseLogOdds < 0, $"bot {bot.MouseLogOdds}");
        Assert.Null(human.KeysLogOdds);
    }

    [Fact]
    public void Evaluate_HumanTyping_ScoresAboveConstantDelayTyping()
    {
        var human = BehaviourModel.Default.Evaluate(HumanKeys());
        var bot = BehaviourModel.Default.Evaluate(ConstantTyping());

        Assert.True(human.KeysLogOdds > bot.KeysLogOdds, $"human {human.KeysLogOdds}, bot {bot.KeysLogOdds}");
        Assert.True(bot.KeysLogOdds < 0);
        Assert.Null(human.MouseLogOdds);
    }

    [Fact]
    public void Evaluate_MissingInput_GivesNull()
    {
        var model = BehaviourModel.Default;

        var none = model.Evaluate(null);
        var empty = model.Evaluate(new BehaviourSummary());
        var clicksOnly = model.Evaluate(new BehaviourSummary { ClickCount = 1, ClickDwellMedian = 80 });

        Assert.Equal((null, null), (none.MouseLogOdds, none.KeysLogOdds));
        Assert.Equal((null, null), (empty.MouseLogOdds, empty.KeysLogOdds));
        Assert.Null(clicksOnly.MouseLogOdds);
        Assert.Equal(model.Version, none.Version);
    }

    [Fact]
    public void Evaluate_MissingFeature_AddsNothing()
    {
        // Only the required count: every other feature sits at its training mean.
        var sparse = BehaviourModel.Default.Evaluate(new BehaviourSummary { MoveCount = 129 });

        Assert.NotNull(sparse.MouseLogOdds);
        Assert.True(double.IsFinite(sparse.MouseLogOdds!.Value));
    }

    [Theory]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    [InlineData(1e7)]
    public void Evaluate_ExtremeValues_StayFiniteAndBounded(double extreme)
    {
        var forged = new BehaviourSummary();
        foreach (var feature in BehaviourSummary.Properties)
        {
            feature.Set(forged, extreme);
        }

        forged.MoveCount = 100;
        forged.KeyCount = 20;
        var score = BehaviourModel.Default.Evaluate(forged);

        Assert.True(double.IsFinite(score.MouseLogOdds!.Value));
        Assert.True(double.IsFinite(score.KeysLogOdds!.Value));
        Assert.InRange(score.MouseLogOdds.Value, -500, 500);
        Assert.InRange(score.KeysLogOdds.Value, -500, 500);
    }

    [Fact]
    public void Load_RejectsWhatNoNodeCouldUse()
    {
        static BehaviourModel Parse(string json) => BehaviourModel.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Throws<InvalidDataException>(() => Parse("""{"models":{}}"""));
        Assert.Throws<InvalidDataException>(() => Parse("""{"version":"v","models":{"mouse":{"requires":"mn","features":[{"name":"zz","scale":1}]}}}"""));
        Assert.Throws<InvalidDataException>(() => Parse("""{"version":"v","models":{"keys":{"requires":"kn","features":[{"name":"khm","scale":0}]}}}"""));
        Assert.Throws<InvalidDataException>(() => Parse("not json"));
        Assert.Throws<InvalidDataException>(() => Parse("""{"version":"v","models":{}}"""));
        Assert.Throws<InvalidDataException>(() => Parse("""{"version":"v","models":{"mose":{"requires":"mn","features":[]}}}"""));
        Assert.Equal("v", Parse("""{"version":"v","models":{"keys":{"requires":"kn","features":[]}}}""").Version);
    }

    [Theory]
    [InlineData("site 1")]
    [InlineData("site/1")]
    [InlineData("")]
    public void Check_VersionThatCannotBeNamedOnTheCommandLine_IsRefused(string version)
    {
        Assert.Throws<InvalidDataException>(() => BehaviourModelProvider.Check("{\"version\":\"" + version + "\",\"models\":{\"keys\":{\"requires\":\"kn\",\"features\":[]}}}"));
    }

    [Fact]
    public void Check_TooLarge_IsRefusedBeforeParsing()
    {
        var padded = """{"version":"v","models":{"keys":{"requires":"kn","features":[]}}}""" + new string(' ', StoredBehaviourModel.MaxParametersLength);
        var ex = Assert.Throws<InvalidDataException>(() => BehaviourModelProvider.Check(padded));
        Assert.Contains("larger", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TheEmbeddedModelsFile_IsAccepted()
    {
        using var stream = typeof(BehaviourModel).Assembly.GetManifestResourceStream("Bulwark.Core.Scoring.Models.behaviour-model.json")!;
        using var reader = new StreamReader(stream);

        Assert.Equal(BehaviourModel.Default.Version, BehaviourModelProvider.Check(reader.ReadToEnd()).Version);
    }

    [Fact]
    public void Evaluate_AllocatesNothing()
    {
        var model = BehaviourModel.Default;
        var summary = HumanMouse();
        summary.KeyCount = 12;
        model.Evaluate(summary);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            model.Evaluate(summary);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
