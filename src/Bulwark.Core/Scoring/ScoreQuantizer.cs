using Bulwark.Core.Protocol;

namespace Bulwark.Core.Scoring;

/// <summary>
/// Maps a probability onto reCAPTCHA's score levels: all 11 (0.0 … 1.0) on the full tier,
/// only 0.1, 0.3, 0.7, 0.9 on the default tier, which also gets no reason codes.
/// </summary>
public static class ScoreQuantizer
{
    public static float Quantize(double humanProbability, bool fullScoreLevels)
    {
        var p = double.IsNaN(humanProbability) ? 0 : Math.Clamp(humanProbability, 0, 1);
        if (fullScoreLevels)
        {
            return (float)(Math.Round(p * 10, MidpointRounding.AwayFromZero) / 10);
        }

        return p switch
        {
            < 0.2 => 0.1f,
            < 0.5 => 0.3f,
            < 0.8 => 0.7f,
            _ => 0.9f,
        };
    }

    /// <summary>Reason codes for the evidence that pulled the score down by at least <paramref name="minimumPull"/>, strongest first.</summary>
    public static List<ClassificationReason> Reasons(IReadOnlyList<Evidence> evidence, bool fullScoreLevels, double minimumPull = 1.0)
    {
        if (!fullScoreLevels)
        {
            return [];
        }

        return evidence
            .Where(e => e.Weight <= -minimumPull && e.Reason != ClassificationReason.ClassificationReasonUnspecified)
            .GroupBy(e => e.Reason)
            .OrderBy(g => g.Sum(e => e.Weight))
            .Select(g => g.Key)
            .ToList();
    }
}
