using System.ComponentModel.DataAnnotations;

namespace Bulwark.Core.Keys;

/// <summary>Section <c>Bulwark:Keys</c>.</summary>
public sealed class SiteKeyCacheOptions
{
    public const string SectionName = "Bulwark:Keys";

    /// <summary>How long a node trusts its copy of a key; edits made on another node show after this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    [Range(16, 10_000_000)]
    public int MaxCachedKeys { get; set; } = 100_000;
}
