using System.Text.Json.Serialization;

namespace Bulwark.Core.Signals;

/// <summary>
/// How the person (or the script) moved, clicked and typed, summarised in the browser by
/// behaviour.js from a bounded ring of recent trusted events. The same function summarises the
/// recorded human data and the generated bot traces the behaviour model is trained on, so the
/// browser and the trainer cannot drift apart. A field is absent when there was too little input
/// to compute it (keyboard-only users have no mouse fields, mouse-only users no key fields).
/// </summary>
public sealed class BehaviourSummary
{
    // Mouse movement (strokes = runs of moves separated by a pause of 300 ms or a button press).
    // Positions are rounded to whole pixels first. Mouse fields need at least 10 moves.

    /// <summary>Mouse moves summarised.</summary>
    [JsonPropertyName("mn")]
    public double? MoveCount { get; set; }

    /// <summary>Strokes with at least five points.</summary>
    [JsonPropertyName("ms")]
    public double? StrokeCount { get; set; }

    /// <summary>Mean straightness of strokes with at least five points: chord length / path length (1 = a ruler line).</summary>
    [JsonPropertyName("st")]
    public double? Straightness { get; set; }

    /// <summary>Mean speed over the steps within strokes, px/ms.</summary>
    [JsonPropertyName("vm")]
    public double? SpeedMean { get; set; }

    /// <summary>Coefficient of variation of speed.</summary>
    [JsonPropertyName("vc")]
    public double? SpeedVariation { get; set; }

    /// <summary>Mean position (0..1 of the stroke's duration) of each stroke's peak speed.</summary>
    [JsonPropertyName("vp")]
    public double? PeakSpeedPosition { get; set; }

    /// <summary>Mean absolute acceleration, px/ms².</summary>
    [JsonPropertyName("am")]
    public double? AccelerationMean { get; set; }

    /// <summary>Mean absolute turning angle between consecutive non-zero steps, radians.</summary>
    [JsonPropertyName("ta")]
    public double? TurnMean { get; set; }

    /// <summary>Share of steps that turn by more than 90°.</summary>
    [JsonPropertyName("tr")]
    public double? ReversalShare { get; set; }

    /// <summary>Median interval between move events within strokes, ms (reflects the screen's frame rate for humans).</summary>
    [JsonPropertyName("dtm")]
    public double? IntervalMedian { get; set; }

    /// <summary>Coefficient of variation of the intervals between move events.</summary>
    [JsonPropertyName("dtc")]
    public double? IntervalVariation { get; set; }

    /// <summary>Share of consecutive non-zero steps with exactly the same (dx, dy).</summary>
    [JsonPropertyName("eq")]
    public double? EqualStepShare { get; set; }

    // Clicks.

    /// <summary>Clicks (button press + release pairs) summarised.</summary>
    [JsonPropertyName("cn")]
    public double? ClickCount { get; set; }

    /// <summary>Median press-to-release time, ms.</summary>
    [JsonPropertyName("cdm")]
    public double? ClickDwellMedian { get; set; }

    /// <summary>Share of clicks held under 10 ms.</summary>
    [JsonPropertyName("cdz")]
    public double? ClickDwellTinyShare { get; set; }

    /// <summary>Share of clicks with at least three moves in the 500 ms before the press.</summary>
    [JsonPropertyName("cmv")]
    public double? ClickApproachShare { get; set; }

    // Keys (timings only: never which key). Key fields need at least 4 presses. Without key identity a
    // release is paired with the oldest key still down (first in, first out).

    /// <summary>Key presses summarised.</summary>
    [JsonPropertyName("kn")]
    public double? KeyCount { get; set; }

    /// <summary>Median hold (press to release), ms.</summary>
    [JsonPropertyName("khm")]
    public double? KeyHoldMedian { get; set; }

    /// <summary>Coefficient of variation of holds.</summary>
    [JsonPropertyName("khc")]
    public double? KeyHoldVariation { get; set; }

    /// <summary>Median flight (this release to the next press; negative when they overlap), ms.</summary>
    [JsonPropertyName("kfm")]
    public double? KeyFlightMedian { get; set; }

    /// <summary>Coefficient of variation of press-to-press intervals.</summary>
    [JsonPropertyName("kfc")]
    public double? KeyIntervalVariation { get; set; }

    /// <summary>Share of presses that come before the previous key was released (rollover).</summary>
    [JsonPropertyName("kro")]
    public double? KeyRolloverShare { get; set; }

    /// <summary>Share of holds under 10 ms.</summary>
    [JsonPropertyName("khz")]
    public double? KeyHoldTinyShare { get; set; }

    // Timing.

    /// <summary>Milliseconds from script load to the first trusted interaction.</summary>
    [JsonPropertyName("tfi")]
    public double? FirstInteractionMs { get; set; }

    /// <summary>Milliseconds from the last trusted interaction to execute().</summary>
    [JsonPropertyName("tli")]
    public double? LastInteractionMs { get; set; }

    /// <summary>Clamp every number to a finite, sane range (a stranger wrote them).</summary>
    public void Sanitize()
    {
        foreach (var property in Properties)
        {
            property.Set(this, ClientSignals.Clamp(property.Get(this), -1e7, 1e7));
        }
    }

    /// <summary>Every feature by its JSON name, for the model and the trainer (no reflection).</summary>
    public static readonly IReadOnlyList<Feature> Properties =
    [
        new("mn", b => b.MoveCount, (b, v) => b.MoveCount = v),
        new("ms", b => b.StrokeCount, (b, v) => b.StrokeCount = v),
        new("st", b => b.Straightness, (b, v) => b.Straightness = v),
        new("vm", b => b.SpeedMean, (b, v) => b.SpeedMean = v),
        new("vc", b => b.SpeedVariation, (b, v) => b.SpeedVariation = v),
        new("vp", b => b.PeakSpeedPosition, (b, v) => b.PeakSpeedPosition = v),
        new("am", b => b.AccelerationMean, (b, v) => b.AccelerationMean = v),
        new("ta", b => b.TurnMean, (b, v) => b.TurnMean = v),
        new("tr", b => b.ReversalShare, (b, v) => b.ReversalShare = v),
        new("dtm", b => b.IntervalMedian, (b, v) => b.IntervalMedian = v),
        new("dtc", b => b.IntervalVariation, (b, v) => b.IntervalVariation = v),
        new("eq", b => b.EqualStepShare, (b, v) => b.EqualStepShare = v),
        new("cn", b => b.ClickCount, (b, v) => b.ClickCount = v),
        new("cdm", b => b.ClickDwellMedian, (b, v) => b.ClickDwellMedian = v),
        new("cdz", b => b.ClickDwellTinyShare, (b, v) => b.ClickDwellTinyShare = v),
        new("cmv", b => b.ClickApproachShare, (b, v) => b.ClickApproachShare = v),
        new("kn", b => b.KeyCount, (b, v) => b.KeyCount = v),
        new("khm", b => b.KeyHoldMedian, (b, v) => b.KeyHoldMedian = v),
        new("khc", b => b.KeyHoldVariation, (b, v) => b.KeyHoldVariation = v),
        new("kfm", b => b.KeyFlightMedian, (b, v) => b.KeyFlightMedian = v),
        new("kfc", b => b.KeyIntervalVariation, (b, v) => b.KeyIntervalVariation = v),
        new("kro", b => b.KeyRolloverShare, (b, v) => b.KeyRolloverShare = v),
        new("khz", b => b.KeyHoldTinyShare, (b, v) => b.KeyHoldTinyShare = v),
        new("tfi", b => b.FirstInteractionMs, (b, v) => b.FirstInteractionMs = v),
        new("tli", b => b.LastInteractionMs, (b, v) => b.LastInteractionMs = v),
    ];

    /// <summary>One named feature with its accessors.</summary>
    public sealed record Feature(string Name, Func<BehaviourSummary, double?> Get, Action<BehaviourSummary, double?> Set);
}
