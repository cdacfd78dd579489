namespace Bulwark.Core.Velocity;

/// <summary>The width of a stored bucket (the value is stored: never renumber).</summary>
public enum VelocityBucketKind : short
{
    /// <summary>1 minute, for <see cref="VelocityWindow.Minute"/>.</summary>
    Minute = 0,

    /// <summary>5 minutes, for <see cref="VelocityWindow.Hour"/>.</summary>
    FiveMinutes = 1,
}
