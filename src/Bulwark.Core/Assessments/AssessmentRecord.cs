using Bulwark.Core.Protocol;

namespace Bulwark.Core.Assessments;

/// <summary>An answered assessment as stored: the columns metrics and the console query, and the whole answer.</summary>
public sealed record AssessmentRecord
{
    public required string ProjectId { get; init; }

    public required string AssessmentId { get; init; }

    public string? SiteKey { get; init; }

    public required DateTimeOffset CreateTime { get; init; }

    public string? Action { get; init; }

    public string? Hostname { get; init; }

    public required float Score { get; init; }

    public required bool Valid { get; init; }

    public required InvalidReason InvalidReason { get; init; }

    /// <summary>The answer as sent (enums as names).</summary>
    public required Assessment Response { get; init; }

    /// <summary>
    /// The evidence that produced the score (bounded), for explanations and learning: JSON encoded by
    /// <see cref="StoredFeatures"/>. An array because it is data, stored and read whole.
    /// </summary>
#pragma warning disable CA1819 // Properties should not return arrays
    public byte[]? Features { get; init; }
#pragma warning restore CA1819
}
