namespace Bulwark.Core.Assessments;

/// <summary>How many valid assessments of one day and action got one score (score × 100).</summary>
public readonly record struct ScoreCount(DateOnly Day, string Action, int ScoreBucket, long Count);
