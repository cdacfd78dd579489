namespace Bulwark.Core.Velocity;

/// <summary>What a velocity counter counts by. Part of the hashed key, so equal values of two dimensions never share a counter.</summary>
public enum VelocityDimension : byte
{
    /// <summary>The client address (IPv4-mapped IPv6 counts as IPv4).</summary>
    Address = 1,

    /// <summary>The client's network: IPv4 /24, IPv6 /64.</summary>
    Network = 2,

    /// <summary>The site key.</summary>
    Site = 3,

    /// <summary>The site key and action of an assessment.</summary>
    Action = 4,

    /// <summary>The account an assessment names (hashedAccountId, else accountId).</summary>
    Account = 5,

    /// <summary>The device hash (<see cref="Signals.DeviceHash"/>).</summary>
    Device = 6,

    /// <summary>The collector challenge (one page load).</summary>
    Challenge = 7,
}
