using Bulwark.Core.Assessments;

namespace Bulwark.Core.Tests.Assessments;

public sealed class MetricsBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_OneEntryPerDayFromFirstDataToToday()
    {
        var counts = new List<ScoreCount>
        {
            new(new DateOnly(2026, 11, 19), "login", 90, 3),
            new(new DateOnly(2026, 11, 19), "signup", 10, 1),
            new(new DateOnly(2026, 11, 21), "login", 90, 2),
        };

        var metrics = MetricsBuilder.Build("projects/p/keys/k/metrics", counts, Now);

        Assert.Equal(new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero), metrics.StartTime);
        Assert.Equal(3, metrics.ScoreMetrics.Count);
        Assert.Equal(3, metrics.ScoreMetrics[0].OverallMetrics.ScoreBuckets[90]);
        Assert.Equal(1, metrics.ScoreMetrics[0].OverallMetrics.ScoreBuckets[10]);
        Assert.Equal(1, metrics.ScoreMetrics[0].ActionMetrics["signup"].ScoreBuckets[10]);
        Assert.Empty(metrics.ScoreMetrics[1].OverallMetrics.ScoreBuckets);
        Assert.Equal(2, metrics.ScoreMetrics[2].ActionMetrics["login"].ScoreBuckets[90]);
    }

    [Fact]
    public void Build_NoData_IsTodayOnly()
    {
        var metrics = MetricsBuilder.Build("n", [], Now);
        Assert.Single(metrics.ScoreMetrics);
    }
}
