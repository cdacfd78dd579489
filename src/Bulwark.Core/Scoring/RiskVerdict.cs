namespace Bulwark.Core.Scoring;

/// <summary>The engine's answer: how likely a human is behind the token, and why.</summary>
public sealed record RiskVerdict(double HumanProbability, IReadOnlyList<Evidence> Evidence);
