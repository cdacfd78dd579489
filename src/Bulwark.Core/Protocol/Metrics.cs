using System.Text.Json.Serialization;

namespace Bulwark.Core.Protocol;

/// <summary>The proto message <c>Metrics</c>: one <see cref="ScoreMetrics"/> per day from <see cref="StartTime"/>.</summary>
public sealed class Metrics
{
    public string? Name { get; set; }
    [JsonConverter(typeof(TimestampConverter))]
    public DateTimeOffset? StartTime { get; set; }
    public List<ScoreMetrics> ScoreMetrics { get; set; } = [];
    public List<ChallengeMetrics> ChallengeMetrics { get; set; } = [];
}

public sealed class ScoreMetrics
{
    public ScoreDistribution OverallMetrics { get; set; } = new();
    public Dictionary<string, ScoreDistribution> ActionMetrics { get; set; } = [];
}

public sealed class ScoreDistribution
{
    /// <summary>Score × 100 → count; proto3 JSON writes int64 as strings.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public SortedDictionary<int, long> ScoreBuckets { get; set; } = [];
}

public sealed class ChallengeMetrics
{
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long PageloadCount { get; set; }
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long NocaptchaCount { get; set; }
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long FailedCount { get; set; }
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long PassedCount { get; set; }
}
