namespace Bulwark.Core.Velocity;

/// <summary>The sliding windows a counter answers for.</summary>
public enum VelocityWindow
{
    /// <summary>The last 60 seconds: 1-minute buckets, the previous one weighted by how much of it is still inside.</summary>
    Minute,

    /// <summary>The last 60 minutes: 5-minute buckets, the oldest weighted likewise.</summary>
    Hour,
}
