using System.ComponentModel.DataAnnotations;

namespace Bulwark.Core.Scoring;

/// <summary>Section <c>Bulwark:Risk:Model</c>.</summary>
public sealed class BehaviourModelOptions
{
    public const string SectionName = "Bulwark:Risk:Model";

    /// <summary>How often each node asks the store which behaviour model is active (a model activated on one node reaches the others within this).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);
}
