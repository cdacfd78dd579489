namespace Bulwark.Core.Scoring;

/// <summary>Features → probability of a human. Pure and synchronous: it runs on the assessment hot path.</summary>
public interface IRiskEngine
{
    RiskVerdict Evaluate(RiskContext context);
}
