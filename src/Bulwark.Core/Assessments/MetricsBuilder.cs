using Bulwark.Core.Protocol;

namespace Bulwark.Core.Assessments;

/// <summary>getMetrics: one ScoreMetrics per day, from the first day with data to today, overall and per action.</summary>
public static class MetricsBuilder
{
    /// <summary>How far back getMetrics looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(28);

    /// <summary>
    /// How long after a day or an hour ends (UTC) its assessments are all stored: a request's commit
    /// waits seconds at most (the stores' command and busy timeouts are 30 s), and nodes' clocks differ
    /// by far less. After that the stores summarise it once (<see cref="IAssessmentStore.GetScoreCountsAsync"/>).
    /// </summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromMinutes(10);

    /// <summary>The first day getMetrics reports.</summary>
    public static DateOnly FirstDay(DateTimeOffset now) => DateOnly.FromDateTime((now - Window).UtcDateTime);

    /// <summary>Days and hours that ended before this instant are finished: see <see cref="SettleDelay"/>.</summary>
    public static DateTimeOffset SettledBefore(DateTimeOffset now) => now - SettleDelay;

    public static Metrics Build(string name, IReadOnlyList<ScoreCount> counts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(counts);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = counts.Count == 0 ? today : counts.Min(c => c.Day);
        var metrics = new Metrics
        {
            Name = name,
            StartTime = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };

        var byDay = counts.ToLookup(c => c.Day);
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            var daily = new ScoreMetrics();
            foreach (var c in byDay[day])
            {
                Add(daily.OverallMetrics, c);
                if (!string.IsNullOrEmpty(c.Action))
                {
                    if (!daily.ActionMetrics.TryGetValue(c.Action, out var perAction))
                    {
                        daily.ActionMetrics[c.Action] = perAction = new ScoreDistribution();
                    }

                    Add(perAction, c);
                }
            }

            metrics.ScoreMetrics.Add(daily);
        }

        return metrics;
    }

    private static void Add(ScoreDistribution distribution, ScoreCount count)
    {
        distribution.ScoreBuckets.TryGetValue(count.ScoreBucket, out var existing);
        distribution.ScoreBuckets[count.ScoreBucket] = existing + count.Count;
    }
}
