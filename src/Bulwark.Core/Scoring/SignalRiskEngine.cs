using Bulwark.Core.Protocol;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Scoring;

/// <summary>
/// The first engine: hand-weighted evidence from the collector's automation signals and
/// from facts the server saw at issuance and at assessment, summed as log-odds.
/// Strong, specific evidence (webdriver, a headless user agent) sinks a score; weak or
/// privacy-explainable evidence only nudges it. The learned engine replaces this one.
/// </summary>
public sealed class SignalRiskEngine : IRiskEngine
{
    /// <summary>Log-odds before any evidence: a clean session scores 0.9.</summary>
    internal const double Prior = 2.5;

    public RiskVerdict Evaluate(RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        var evidence = new List<Evidence>(4);
        var s = context.Signals;
        var token = context.Token;

        if ((token.Flags & TokenFlags.NoSignals) != 0 || s is null)
        {
            evidence.Add(new("collector-missing", -4.0, ClassificationReason.Automation));
        }

        if (s?.Webdriver == true)
        {
            evidence.Add(new("navigator-webdriver", -7.0, ClassificationReason.Automation));
        }

        if (IsHeadless(s?.UserAgent) || IsHeadless(context.Event.UserAgent))
        {
            evidence.Add(new("headless-user-agent", -7.0, ClassificationReason.Automation));
        }

        if ((token.Flags & TokenFlags.UserAgentMismatch) != 0)
        {
            evidence.Add(new("user-agent-spoofed", -3.0, ClassificationReason.UnexpectedEnvironment));
        }

        if (!string.IsNullOrEmpty(context.Event.UserAgent) && token.UserAgentHash != 0
            && UserAgentHash.Of(context.Event.UserAgent) != token.UserAgentHash)
        {
            evidence.Add(new("user-agent-changed", -2.0, ClassificationReason.UnexpectedEnvironment));
        }

        if (!string.IsNullOrEmpty(context.Event.UserIpAddress) && !string.IsNullOrEmpty(token.ClientIp)
            && !string.Equals(context.Event.UserIpAddress, token.ClientIp, StringComparison.OrdinalIgnoreCase))
        {
            // Mobile and dual-stack users change addresses; this alone never decides.
            evidence.Add(new("ip-changed", -0.5, ClassificationReason.UnexpectedUsagePatterns));
        }

        if (s is not null)
        {
            AddEnvironmentEvidence(s, evidence);
        }

        var logOdds = Prior + evidence.Sum(e => e.Weight);
        return new RiskVerdict(1.0 / (1.0 + Math.Exp(-logOdds)), evidence);
    }

    private static void AddEnvironmentEvidence(Signals.ClientSignals s, List<Evidence> evidence)
    {
        var trusted = (s.MouseMoves ?? 0) + (s.KeyDowns ?? 0) + (s.Clicks ?? 0) + (s.Scrolls ?? 0) + (s.Touches ?? 0);
        if ((s.UntrustedEvents ?? 0) > 0 && trusted == 0)
        {
            evidence.Add(new("synthetic-input-only", -2.0, ClassificationReason.Automation));
        }

        if (s.Languages == 0)
        {
            evidence.Add(new("no-languages", -1.5, ClassificationReason.UnexpectedEnvironment));
        }

        if (s.OuterWidth == 0 && s.OuterHeight == 0)
        {
            evidence.Add(new("zero-outer-window", -2.0, ClassificationReason.UnexpectedEnvironment));
        }

        if ((s.Errors ?? 0) > 0)
        {
            evidence.Add(new("collector-errors", -0.5, ClassificationReason.UnexpectedEnvironment));
        }

        if (trusted == 0 && s.ElapsedMs is < 300)
        {
            // Keyboard-only and assistive-technology users still take time; a human cannot act this fast.
            evidence.Add(new("instant-action", -1.0, ClassificationReason.UnexpectedUsagePatterns));
        }
    }

    private static bool IsHeadless(string? userAgent) =>
        userAgent is not null && userAgent.Contains("HeadlessChrome", StringComparison.Ordinal);
}
