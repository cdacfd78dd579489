namespace Bulwark.Core.Scoring;

/// <summary>
/// The engine's answer: how likely a human is behind the token, and why; <paramref name="Engine"/>
/// names the rules and the behaviour model that produced it (stored with the assessment).
/// </summary>
public sealed record RiskVerdict(double HumanProbability, IReadOnlyList<Evidence> Evidence, string Engine);
