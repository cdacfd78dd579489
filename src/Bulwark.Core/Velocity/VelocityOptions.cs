using System.ComponentModel.DataAnnotations;

namespace Bulwark.Core.Velocity;

/// <summary>
/// Section <c>Bulwark:Risk:Velocity</c>: how the counters are kept and shared, and the thresholds
/// above which the risk engine treats a count as evidence. A threshold of 0 turns that check off.
/// </summary>
public sealed class VelocityOptions
{
    public const string SectionName = "Bulwark:Risk:Velocity";

    /// <summary>How often each node adds its counts to the store and reads back every node's totals.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Counters held in memory per node (about 400 bytes each); the least recently seen are evicted first.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxKeys { get; set; } = 100_000;

    /// <summary>Tokens per client address per minute.</summary>
    [Range(0, 1_000_000)]
    public int AddressPerMinute { get; set; } = 30;

    /// <summary>Tokens per client address per hour.</summary>
    [Range(0, 10_000_000)]
    public int AddressPerHour { get; set; } = 300;

    /// <summary>Tokens per network (IPv4 /24, IPv6 /64) per minute.</summary>
    [Range(0, 1_000_000)]
    public int NetworkPerMinute { get; set; } = 120;

    /// <summary>Tokens per network per hour.</summary>
    [Range(0, 10_000_000)]
    public int NetworkPerHour { get; set; } = 2_000;

    /// <summary>Tokens per site key per minute: traffic differs too much between sites for a default, so off.</summary>
    [Range(0, 100_000_000)]
    public int SitePerMinute { get; set; }

    /// <summary>Assessments per site key and action per minute: off by default, like <see cref="SitePerMinute"/>.</summary>
    [Range(0, 100_000_000)]
    public int ActionPerMinute { get; set; }

    /// <summary>Assessments naming one account per hour.</summary>
    [Range(0, 1_000_000)]
    public int AccountPerHour { get; set; } = 20;

    /// <summary>Tokens per device hash per hour.</summary>
    [Range(0, 1_000_000)]
    public int DevicePerHour { get; set; } = 60;

    /// <summary>Tokens issued against one collector challenge (one page load).</summary>
    [Range(0, 1_000_000)]
    public int ChallengeUses { get; set; } = 5;
}
