using Bulwark.Core.Protocol;
using Bulwark.Core.Signals;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;

namespace Bulwark.Core.Scoring;

/// <summary>
/// The risk engine: evidence from the collector, from what the server saw at issuance and at
/// assessment, from traffic and network lists, and from the trained behaviour model, summed as
/// log-odds of "human" on top of a prior. High-confidence rules (a driver's fingerprints, a
/// forged payload) sink a score on their own; environment contradictions pull hard; facts that
/// ordinary people also produce (privacy tools, VPNs, autofill, keyboard-only use) are soft and
/// capped as a group, and so is behaviour. docs/risk-engine.md lists every rule.
/// </summary>
public sealed partial class RiskEngine : IRiskEngine
{
    /// <summary>Log-odds before any evidence: a clean session with no behaviour to judge scores 0.9.</summary>
    public const double Prior = 2.5;

    private const string RulesVersion = "rules-2";

    private readonly Func<BehaviourModel> _behaviour;
    private readonly VelocityOptions _limits;
    private volatile Named _named;

    public RiskEngine()
        : this(BehaviourModel.Default, new VelocityOptions())
    {
    }

    /// <summary>An engine that always scores behaviour with <paramref name="behaviour"/>.</summary>
    public RiskEngine(BehaviourModel behaviour, VelocityOptions limits)
        : this(Always(behaviour), limits)
    {
    }

    /// <summary>An engine that scores behaviour with the provider's current model, which may change between calls.</summary>
    public RiskEngine(BehaviourModelProvider models, VelocityOptions limits)
        : this(CurrentOf(models), limits)
    {
    }

    private RiskEngine(Func<BehaviourModel> behaviour, VelocityOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _behaviour = behaviour;
        _limits = limits;
        _named = Named.Of(behaviour());
    }

    public string Version => NameOf(_behaviour()).Version;

    private static Func<BehaviourModel> Always(BehaviourModel behaviour)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        return () => behaviour;
    }

    private static Func<BehaviourModel> CurrentOf(BehaviourModelProvider models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return () => models.Current;
    }

    public RiskVerdict Evaluate(RiskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // One model for the whole evaluation, and the verdict names it, even if a refresh swaps it meanwhile.
        var named = NameOf(_behaviour());

        var set = new EvidenceSet();
        var s = context.Signals;
        var token = context.Token;
        var backend = UserAgentFacts.Parse(context.Event.UserAgent);
        var claimed = s?.UserAgent is null ? backend : UserAgentFacts.Parse(s.UserAgent);

        AddTokenEvidence(context, set);
        if (s is not null)
        {
            AddAutomationEvidence(s, claimed, backend, set);
            AddInputEvidence(s, claimed, set);
            AddEnvironmentEvidence(s, claimed, set);
            AddBehaviourEvidence(named.Model, s, set);
        }

        AddTrafficEvidence(context, set);

        var (evidence, total) = set.Settle();
        var logOdds = Prior + total;
        return new RiskVerdict(1.0 / (1.0 + Math.Exp(-logOdds)), evidence, named.Version);
    }

    /// <summary>The engine's version for a model, built once per model rather than per assessment.</summary>
    private Named NameOf(BehaviourModel model)
    {
        var named = _named;
        if (!ReferenceEquals(named.Model, model))
        {
            named = Named.Of(model);
            _named = named;
        }

        return named;
    }

    /// <summary>What the server itself decided at issuance and sees now: payload binding, user agent, address.</summary>
    private static void AddTokenEvidence(RiskContext context, EvidenceSet set)
    {
        var flags = context.Token.Flags;
        if ((flags & TokenFlags.NoSignals) != 0 || context.Signals is null)
        {
            set.Add(EvidenceStrength.Definitive, "collector-missing", -5.0, ClassificationReason.Automation);
        }

        if ((flags & TokenFlags.ProofMismatch) != 0)
        {
            set.Add(EvidenceStrength.Definitive, "payload-forged", -6.0, ClassificationReason.Automation);
        }

        if ((flags & TokenFlags.ChallengeInvalid) != 0)
        {
            set.Add(EvidenceStrength.Definitive, "challenge-invalid", -5.0, ClassificationReason.Automation);
        }

        if ((flags & TokenFlags.ChallengeTimingMismatch) != 0)
        {
            set.Add(EvidenceStrength.Strong, "payload-replayed", -4.0, ClassificationReason.Automation);
        }

        if ((flags & (TokenFlags.ChallengeMissing | TokenFlags.NoSignals)) == TokenFlags.ChallengeMissing)
        {
            // The script fetches a challenge at load; only a blocked request or a hand-built payload lacks one.
            set.Add(EvidenceStrength.Strong, "challenge-missing", -2.5, ClassificationReason.UnexpectedEnvironment);
        }

        if ((flags & TokenFlags.UserAgentMismatch) != 0)
        {
            set.Add(EvidenceStrength.Strong, "user-agent-spoofed", -3.0, ClassificationReason.UnexpectedEnvironment);
        }

        if ((flags & TokenFlags.ClientHintsMismatch) != 0)
        {
            set.Add(EvidenceStrength.Strong, "client-hints-contradict", -2.5, ClassificationReason.UnexpectedEnvironment);
        }

        if ((flags & TokenFlags.LanguageMismatch) != 0)
        {
            set.Add(EvidenceStrength.Soft, "accept-language-differs", -0.5, ClassificationReason.UnexpectedEnvironment);
        }

        var ev = context.Event;
        if (!string.IsNullOrEmpty(ev.UserAgent) && context.Token.UserAgentHash != 0
            && UserAgentHash.Of(ev.UserAgent) != context.Token.UserAgentHash)
        {
            set.Add(EvidenceStrength.Strong, "user-agent-changed", -2.0, ClassificationReason.UnexpectedEnvironment);
        }

        if (!string.IsNullOrEmpty(ev.UserIpAddress) && !string.IsNullOrEmpty(context.Token.ClientIp)
            && !string.Equals(ev.UserIpAddress, context.Token.ClientIp, StringComparison.OrdinalIgnoreCase))
        {
            // Mobile and dual-stack users change addresses; this alone never decides.
            set.Add(EvidenceStrength.Soft, "ip-changed", -0.5, ClassificationReason.UnexpectedUsagePatterns);
        }
    }

    /// <summary>A driver's fingerprints in the page, a worker or an iframe: near-certain.</summary>
    private static void AddAutomationEvidence(ClientSignals s, UserAgentFacts page, UserAgentFacts backend, EvidenceSet set)
    {
        if (s.Webdriver == true || s.Worker?.Webdriver == true || s.Frame?.Webdriver == true)
        {
            set.Add(EvidenceStrength.Definitive, "navigator-webdriver", -7.0, ClassificationReason.Automation);
        }

        var artefacts = (AutomationArtefacts)(s.Automation ?? 0);
        if (page.Headless || backend.Headless
            || UserAgentFacts.Parse(s.Worker?.UserAgent).Headless || (artefacts & AutomationArtefacts.HeadlessUserAgent) != 0)
        {
            set.Add(EvidenceStrength.Definitive, "headless-user-agent", -7.0, ClassificationReason.Automation);
        }

        if ((artefacts & (AutomationArtefacts.ChromeDriver | AutomationArtefacts.Playwright | AutomationArtefacts.Puppeteer
            | AutomationArtefacts.Selenium | AutomationArtefacts.OtherDriver)) != 0)
        {
            set.Add(EvidenceStrength.Definitive, "driver-globals", -7.0, ClassificationReason.Automation);
        }

        if ((artefacts & AutomationArtefacts.DriverStack) != 0)
        {
            set.Add(EvidenceStrength.Definitive, "driver-stack-frame", -7.0, ClassificationReason.Automation);
        }

        if (s.CdpAttached == true || s.Worker?.CdpAttached == true)
        {
            // A Runtime-enabled debugging client is attached. DevTools does this too: developers allow-list by key.
            set.Add(EvidenceStrength.Definitive, "cdp-runtime-attached", -6.0, ClassificationReason.Automation);
        }
    }

    /// <summary>Input provenance: who produced the events (a person through the OS, or a script).</summary>
    private static void AddInputEvidence(ClientSignals s, UserAgentFacts claimed, EvidenceSet set)
    {
        var trusted = (s.MouseMoves ?? 0) + (s.KeyDowns ?? 0) + (s.Clicks ?? 0) + (s.Scrolls ?? 0) + (s.Touches ?? 0);
        if ((s.UntrustedEvents ?? 0) > 0 && trusted == 0)
        {
            set.Add(EvidenceStrength.Definitive, "synthetic-input-only", -5.0, ClassificationReason.Automation);
        }

        var touchDevice = (s.MaxTouchPoints ?? 0) > 0 || claimed.Os is OperatingSystemFamily.Android or OperatingSystemFamily.IOS;
        if (s.MousePointerDowns is > 0 && s.ZeroPressurePointerDowns == s.MousePointerDowns)
        {
            // Real mice report pressure 0.5 while a button is down; CDP's Input.dispatchMouseEvent sends 0.
            set.Add(touchDevice ? EvidenceStrength.Soft : EvidenceStrength.Definitive, "mouse-pressure-zero", touchDevice ? -1.0 : -5.0, ClassificationReason.Automation);
        }

        if (s.Behaviour is { } b)
        {
            if (b.KeyCount >= 4 && b.KeyHoldTinyShare >= 0.9)
            {
                // Library typing holds a key ~1 ms. Virtual keyboards fire down/up together, so touch devices only nudge.
                set.Add(touchDevice ? EvidenceStrength.Soft : EvidenceStrength.Strong, "key-hold-instant", touchDevice ? -0.5 : -3.5, ClassificationReason.Automation);
            }

            if (b.ClickCount >= 1 && b.ClickDwellTinyShare >= 0.99)
            {
                // Tap-to-click touchpads can be this quick; a library click always is.
                set.Add(EvidenceStrength.Strong, "click-instant", -2.0, ClassificationReason.Automation);
            }
        }

        if ((s.InsertWithoutKeys ?? 0) > 0 && (s.KeyDowns ?? 0) == 0)
        {
            // fill(), but also autofill, password managers, paste and dictation.
            set.Add(EvidenceStrength.Soft, "text-without-keys", -1.0, ClassificationReason.UnexpectedUsagePatterns);
        }

        if ((s.FractionalMoves ?? 0) > 0 && s.MouseMoves is > 0 && s.FractionalMoves >= s.MouseMoves / 2)
        {
            set.Add(EvidenceStrength.Soft, "fractional-mouse-coordinates", -1.0, ClassificationReason.Automation);
        }

        if ((s.Errors ?? 0) > 0)
        {
            set.Add(EvidenceStrength.Soft, "collector-errors", -0.5, ClassificationReason.UnexpectedEnvironment);
        }

        if (trusted == 0 && s.ElapsedMs is < 300)
        {
            // Keyboard-only and assistive-technology users still take time; nobody acts this fast.
            set.Add(EvidenceStrength.Soft, "instant-action", -1.0, ClassificationReason.UnexpectedUsagePatterns);
        }
    }

    /// <summary>The trained behaviour model: how the mouse moved and the keys were typed. Corroborative only.</summary>
    private static void AddBehaviourEvidence(BehaviourModel behaviour, ClientSignals s, EvidenceSet set)
    {
        if (s.Behaviour is null)
        {
            return;
        }

        var result = behaviour.Evaluate(s.Behaviour);
        if (result.MouseLogOdds is { } mouse)
        {
            set.Add(EvidenceStrength.Behaviour, "behaviour-mouse", Math.Round(Math.Clamp(mouse * 0.5, -2.5, 1.0), 3), ClassificationReason.UnexpectedUsagePatterns);
        }

        if (result.KeysLogOdds is { } keys)
        {
            set.Add(EvidenceStrength.Behaviour, "behaviour-keys", Math.Round(Math.Clamp(keys * 0.5, -2.0, 0.75), 3), ClassificationReason.UnexpectedUsagePatterns);
        }
    }

    private sealed record Named(BehaviourModel Model, string Version)
    {
        public static Named Of(BehaviourModel model) => new(model, $"{RulesVersion}+{model.Version}");
    }
}
