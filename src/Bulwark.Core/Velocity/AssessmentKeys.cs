namespace Bulwark.Core.Velocity;

/// <summary>The counters one assessment adds to (null: the fact was missing, nothing is counted).</summary>
public readonly record struct AssessmentKeys(VelocityKey? Action, VelocityKey? Account);
