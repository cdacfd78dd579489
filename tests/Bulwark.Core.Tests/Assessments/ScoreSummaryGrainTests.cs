using Bulwark.Core.Assessments;

namespace Bulwark.Core.Tests.Assessments;

public sealed class ScoreSummaryGrainTests
{
    [Fact]
    public void Units_NumberDaysAsDayNumbersAndHoursFromTheEpoch()
    {
        var instant = new DateTimeOffset(2026, 11, 21, 13, 45, 0, TimeSpan.Zero);

        Assert.Equal(DateOnly.FromDateTime(instant.UtcDateTime).DayNumber, ScoreSummaryGrain.Day.UnitOf(instant));
        Assert.Equal(instant.ToUnixTimeMilliseconds() / 3_600_000, ScoreSummaryGrain.Hour.UnitOf(instant));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), ScoreSummaryGrain.Day.StartOf(ScoreSummaryGrain.Day.UnitOf(instant)));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), ScoreSummaryGrain.Hour.StartOf(ScoreSummaryGrain.Hour.UnitOf(instant)));
    }

    [Fact]
    public void UnitAt_BeforeTheEpoch_RoundsDown()
    {
        Assert.Equal(-1, ScoreSummaryGrain.Hour.UnitAt(-1));
        Assert.Equal(0, ScoreSummaryGrain.Hour.UnitAt(0));
        Assert.Equal(719_161, ScoreSummaryGrain.Day.UnitAt(-1));
    }

    [Fact]
    public void Ranges_SplitTheWindowIntoFinishedDaysFinishedHoursAndTheLiveRest()
    {
        var since = new DateOnly(2026, 10, 24);
        var settled = new DateTimeOffset(2026, 11, 21, 13, 50, 0, TimeSpan.Zero);

        var (firstDay, settledDay, firstHour, settledHour, liveFrom) = ScoreSummaryGrain.Ranges(since, settled);

        Assert.Equal(since.DayNumber, firstDay);
        Assert.Equal(new DateOnly(2026, 11, 21).DayNumber, settledDay);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() / 3_600_000, firstHour);
        Assert.Equal(firstHour + 13, settledHour);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), liveFrom);
    }

    [Fact]
    public void Ranges_JustAfterMidnight_LeaveNoHourFinishedAndCountTheNewDayLive()
    {
        var settled = new DateTimeOffset(2026, 11, 22, 0, 5, 0, TimeSpan.Zero);

        var (_, settledDay, firstHour, settledHour, liveFrom) = ScoreSummaryGrain.Ranges(new DateOnly(2026, 10, 25), settled);

        Assert.Equal(new DateOnly(2026, 11, 22).DayNumber, settledDay);
        Assert.Equal(firstHour, settledHour);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), liveFrom);
    }
}
