namespace Bulwark.Training;

/// <summary>Held-out figures: ROC AUC (Mann–Whitney, ties counted half) and accuracy at log-odds 0.</summary>
internal static class Metrics
{
    public static double Auc(IReadOnlyList<(double Score, bool Human)> scored)
    {
        var sorted = scored.OrderBy(s => s.Score).ToArray();
        double rankSum = 0;
        long positives = 0;
        var i = 0;
        while (i < sorted.Length)
        {
            var j = i;
            while (j < sorted.Length && sorted[j].Score == sorted[i].Score)
            {
                j++;
            }

            var rank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (sorted[k].Human)
                {
                    rankSum += rank;
                    positives++;
                }
            }

            i = j;
        }

        var negatives = sorted.Length - positives;
        return positives == 0 || negatives == 0
            ? double.NaN
            : (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    public static double Accuracy(IReadOnlyList<(double Score, bool Human)> scored) =>
        scored.Count == 0 ? double.NaN : scored.Count(s => (s.Score > 0) == s.Human) / (double)scored.Count;
}
