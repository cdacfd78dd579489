namespace Bulwark.Core.Assessments;

/// <summary>
/// getMetrics' summaries come in two grains, kept by every store in tables of the same names: finished
/// days (<see cref="Day"/>: <c>score_days</c> marks which are counted, <c>score_counts</c> holds the
/// counts) and the finished hours of the day that is not finished yet (<see cref="Hour"/>:
/// <c>score_hours</c>, <c>score_hour_counts</c>). A unit is numbered as the stores keep it: a day by
/// its <see cref="DateOnly.DayNumber"/> (the assessments' <c>day</c> column), an hour by the hours
/// since the Unix epoch.
/// </summary>
public sealed class ScoreSummaryGrain
{
    /// <summary>Unix time 0 as a <see cref="DateOnly.DayNumber"/>.</summary>
    private const int UnixEpochDay = 719_162;

    public static readonly ScoreSummaryGrain Day = new("score_days", "score_counts", "day", 86_400_000, UnixEpochDay);

    public static readonly ScoreSummaryGrain Hour = new("score_hours", "score_hour_counts", "hour", 3_600_000, 0);

    private ScoreSummaryGrain(string marks, string counts, string column, long milliseconds, int offset)
    {
        Marks = marks;
        Counts = counts;
        Column = column;
        Milliseconds = milliseconds;
        Offset = offset;
    }

    /// <summary>The table that marks the units counted so far.</summary>
    public string Marks { get; }

    /// <summary>The table of counts per unit, action and score.</summary>
    public string Counts { get; }

    /// <summary>The unit's column in both tables.</summary>
    public string Column { get; }

    /// <summary>A unit's length.</summary>
    public long Milliseconds { get; }

    /// <summary>The number of the unit that starts at Unix time 0.</summary>
    public int Offset { get; }

    /// <summary>Where unit <paramref name="unit"/> starts, in Unix milliseconds (the assessments' <c>create_time</c>).</summary>
    public long StartOf(int unit) => (unit - (long)Offset) * Milliseconds;

    /// <summary>The unit an instant falls in.</summary>
    public int UnitOf(DateTimeOffset instant) => UnitAt(instant.ToUnixTimeMilliseconds());

    /// <summary>The unit that Unix millisecond <paramref name="milliseconds"/> falls in.</summary>
    public int UnitAt(long milliseconds)
    {
        var unit = milliseconds / Milliseconds;
        if (milliseconds % Milliseconds < 0)
        {
            unit--; // floor, not towards zero
        }

        return (int)unit + Offset;
    }

    /// <summary>The first hour of day <paramref name="day"/> (a <see cref="DateOnly.DayNumber"/>).</summary>
    public static int FirstHourOf(int day) => Hour.UnitAt(Day.StartOf(day));

    /// <summary>
    /// What a getMetrics call from <paramref name="since"/> reads where, given what has
    /// <paramref name="settledBefore"/>: day summaries for days [<c>FirstDay</c>, <c>SettledDay</c>),
    /// hour summaries for hours [<c>FirstHour</c>, <c>SettledHour</c>) (those of the first day not
    /// finished), and the assessments themselves from <c>LiveFrom</c> (Unix milliseconds, the start of
    /// <c>SettledHour</c>) on. The three never overlap.
    /// </summary>
    public static (int FirstDay, int SettledDay, int FirstHour, int SettledHour, long LiveFrom) Ranges(DateOnly since, DateTimeOffset settledBefore)
    {
        var firstDay = since.DayNumber;
        var settledDay = Math.Max(firstDay, Day.UnitOf(settledBefore));
        var firstHour = FirstHourOf(settledDay);
        var settledHour = Math.Max(firstHour, Hour.UnitOf(settledBefore));
        return (firstDay, settledDay, firstHour, settledHour, Hour.StartOf(settledHour));
    }
}
