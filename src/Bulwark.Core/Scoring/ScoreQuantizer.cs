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

        // Sum the pull per reason, strongest (most negative) first. A handful of reasons at most, so
        // a small list and an insertion sort, not LINQ's grouping (it showed in createAssessment's profile).
        var reasons = new List<ClassificationReason>(4);
        Span<double> pull = stackalloc double[8];
        foreach (var e in evidence)
        {
            if (e.Weight > -minimumPull || e.Reason == ClassificationReason.ClassificationReasonUnspecified)
            {
                continue;
            }

            var at = reasons.IndexOf(e.Reason);
            if (at < 0)
            {
                if (reasons.Count == pull.Length)
                {
                    continue;
                }

                at = reasons.Count;
                reasons.Add(e.Reason);
                pull[at] = 0;
            }

            pull[at] += e.Weight;
        }

        for (var i = 1; i < reasons.Count; i++)
        {
            for (var j = i; j > 0 && pull[j] < pull[j - 1]; j--)
            {
                (pull[j], pull[j - 1]) = (pull[j - 1], pull[j]);
                (reasons[j], reasons[j - 1]) = (reasons[j - 1], reasons[j]);
            }
        }

        return reasons;
    }
}
