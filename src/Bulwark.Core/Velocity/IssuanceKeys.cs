namespace Bulwark.Core.Velocity;

/// <summary>The counters one issued token adds to (null: the fact was missing, nothing is counted).</summary>
public readonly record struct IssuanceKeys(
    VelocityKey? Address,
    VelocityKey? Network,
    VelocityKey? Site,
    VelocityKey? Device,
    VelocityKey? Challenge);
