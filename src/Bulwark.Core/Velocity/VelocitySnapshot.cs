namespace Bulwark.Core.Velocity;

/// <summary>
/// How busy the keys of one assessment have been, across every node (sliding windows; see
/// <c>VelocityTracker</c>). Counts are of tokens issued (address, network, site, device,
/// challenge) or of assessments (account, action) before this one.
/// </summary>
public readonly record struct VelocitySnapshot
{
    /// <summary>Tokens issued to this client address in the last minute / hour.</summary>
    public long AddressPerMinute { get; init; }

    public long AddressPerHour { get; init; }

    /// <summary>Tokens issued to its network (IPv4 /24, IPv6 /64) in the last minute / hour.</summary>
    public long NetworkPerMinute { get; init; }

    public long NetworkPerHour { get; init; }

    /// <summary>Tokens issued for this site key in the last minute.</summary>
    public long SitePerMinute { get; init; }

    /// <summary>Assessments of this site key and action in the last minute.</summary>
    public long ActionPerMinute { get; init; }

    /// <summary>Assessments naming this account (hashedAccountId or accountId) in the last hour; 0 when none was named.</summary>
    public long AccountPerHour { get; init; }

    /// <summary>Tokens issued to this device hash in the last hour; 0 when the collector sent too little to hash.</summary>
    public long DevicePerHour { get; init; }

    /// <summary>Tokens issued against this collector challenge (one page load); 0 without a challenge.</summary>
    public long ChallengeUses { get; init; }
}
