using System.ComponentModel.DataAnnotations;

namespace Bulwark.Core.Assessments;

/// <summary>Section <c>Bulwark:Assessments</c>.</summary>
public sealed class AssessmentWriterOptions
{
    public const string SectionName = "Bulwark:Assessments";

    /// <summary>Most assessments one transaction stores.</summary>
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 256;

    /// <summary>Assessments waiting for the store before new requests are turned away (503).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Assessments older than this many days are deleted (metrics look back 28 days); 0 keeps them for ever.</summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often each node deletes assessments past the retention, expired spent tokens and old velocity buckets.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(5);
}
