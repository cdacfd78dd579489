namespace Bulwark.Core.Scoring;

/// <summary>Features → probability of a human. Pure and synchronous: it runs on the assessment hot path.</summary>
public interface IRiskEngine
{
    /// <summary>Names the engine and its model parameters, stored with every assessment it scores.</summary>
    string Version { get; }

    RiskVerdict Evaluate(RiskContext context);
}
