namespace Bulwark.Core.Scoring;

/// <summary>
/// What the behaviour model made of one summary: log-odds that a human produced the mouse input and
/// the key input (positive = human-like), each null when there was too little of that input to judge.
/// </summary>
/// <param name="MouseLogOdds">Mouse sub-model (movement, clicks), or null without enough moves.</param>
/// <param name="KeysLogOdds">Keys sub-model (hold and flight timings), or null without enough key presses.</param>
/// <param name="Version">The model's version, for the stored evidence.</param>
public readonly record struct BehaviourScore(double? MouseLogOdds, double? KeysLogOdds, string Version);
