using System.ComponentModel.DataAnnotations;

namespace Bulwark.Core.Tokens;

/// <summary>Section <c>Bulwark:TokenKeys</c>.</summary>
public sealed class TokenKeyOptions
{
    public const string SectionName = "Bulwark:TokenKeys";

    /// <summary>How long a key seals new tokens before the next one takes over.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each node reloads the ring from the store.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A new key is announced this long before it seals anything, so every node knows it first.</summary>
    public TimeSpan Propagation => RefreshInterval * 2;
}
