using Bulwark.Core.Protocol;
using Bulwark.Core.Signals;

namespace Bulwark.Core.Scoring;

public sealed partial class RiskEngine
{
    /// <summary>
    /// Does the browser agree with itself? The page against a worker and an iframe, the claimed
    /// browser against the JavaScript engine, the user agent against the platform and client
    /// hints, native functions against their own source. Contradictions are what JavaScript
    /// spoofers leave; being Linux, having no GPU or living in UTC is not evidence of anything.
    /// </summary>
    private static void AddEnvironmentEvidence(ClientSignals s, UserAgentFacts claimed, EvidenceSet set)
    {
        if (s.Worker is { } worker)
        {
            AddContextMismatch("worker", s, worker, set);
        }

        if (s.Frame is { } frame)
        {
            AddContextMismatch("iframe", s, frame, set);
            if (frame.ProxiedWindow == true)
            {
                set.Add(EvidenceStrength.Strong, "iframe-window-proxied", -4.0, ClassificationReason.UnexpectedEnvironment);
            }
        }

        if (s.TamperedNames is { Count: > 0 } tampered)
        {
            var spoofer = tampered.Exists(TamperCodes.SpooferPattern.Contains);
            if (spoofer)
            {
                set.Add(EvidenceStrength.Strong, "native-functions-patched", -4.0, ClassificationReason.UnexpectedEnvironment);
            }
            else
            {
                // Canvas, audio and rect noise is what privacy extensions do.
                set.Add(EvidenceStrength.Soft, "privacy-patches", -0.5, ClassificationReason.UnexpectedEnvironment);
            }
        }

        if (s.EvalLength is { } evalLength && claimed.Engine != BrowserEngine.Unknown)
        {
            var v8 = evalLength == 33;
            var other = evalLength == 37;
            if ((claimed.Engine == BrowserEngine.Blink && other) || (claimed.Engine is BrowserEngine.Gecko or BrowserEngine.WebKit && v8))
            {
                set.Add(EvidenceStrength.Strong, "engine-contradicts-user-agent", -4.0, ClassificationReason.UnexpectedEnvironment);
            }
        }

        var platformOs = UserAgentFacts.OsOfPlatform(s.Platform);
        var hintsOs = UserAgentFacts.OsOfPlatform(s.UaPlatform);
        if (!UserAgentFacts.Compatible(platformOs, claimed.Os) || !UserAgentFacts.Compatible(hintsOs, claimed.Os))
        {
            set.Add(EvidenceStrength.Strong, "platform-contradicts-user-agent", -3.0, ClassificationReason.UnexpectedEnvironment);
        }

        if (s.UaBrands is { } brands && brands.Contains(" Not A;Brand", StringComparison.Ordinal))
        {
            // A brand list frozen from 2022 (puppeteer-extra-stealth's user-agent override) on a browser that no longer sends it.
            set.Add(EvidenceStrength.Strong, "client-hints-stale", -3.0, ClassificationReason.UnexpectedEnvironment);
        }

        if (claimed.Engine == BrowserEngine.Blink && claimed.Os is not (OperatingSystemFamily.Android or OperatingSystemFamily.IOS) && s.ChromeObject == false)
        {
            set.Add(EvidenceStrength.Soft, "chrome-object-missing", -1.0, ClassificationReason.UnexpectedEnvironment);
        }

        if (s.DeviceMemory is { } memory && !IsPlausibleDeviceMemory(memory))
        {
            set.Add(EvidenceStrength.Strong, "device-memory-impossible", -2.0, ClassificationReason.UnexpectedEnvironment);
        }

        if (s.HardwareConcurrency is > 256)
        {
            set.Add(EvidenceStrength.Soft, "cores-implausible", -1.0, ClassificationReason.UnexpectedEnvironment);
        }

        if (s.OuterWidth == 0 && s.OuterHeight == 0)
        {
            set.Add(EvidenceStrength.Strong, "zero-outer-window", -2.0, ClassificationReason.UnexpectedEnvironment);
        }

        if (s.Languages == 0)
        {
            set.Add(EvidenceStrength.Strong, "no-languages", -1.5, ClassificationReason.UnexpectedEnvironment);
        }
    }

    private static void AddContextMismatch(string name, ClientSignals page, ContextSignals other, EvidenceSet set)
    {
        var mismatches = 0;
        mismatches += Differs(page.UserAgent, other.UserAgent) ? 1 : 0;
        mismatches += !UserAgentFacts.Compatible(UserAgentFacts.OsOfPlatform(page.Platform), UserAgentFacts.OsOfPlatform(other.Platform)) ? 1 : 0;
        mismatches += page.HardwareConcurrency is { } hc && other.HardwareConcurrency is { } ohc && hc != ohc ? 1 : 0;
        mismatches += page.DeviceMemory is { } dm && other.DeviceMemory is { } odm && Math.Abs(dm - odm) > 0.001 ? 1 : 0;
        mismatches += Differs(page.LanguageList, other.LanguageList) ? 1 : 0;
        mismatches += Differs(page.TimeZone, other.TimeZone) ? 1 : 0;
        // A worker often has no WebGL (no OffscreenCanvas, blocklisted GPU): only two different names count.
        mismatches += Differs(page.WebGlRenderer, other.WebGlRenderer) ? 1 : 0;
        if (mismatches > 0)
        {
            var weight = Math.Max(-6.0, -3.5 - (mismatches - 1));
            set.Add(EvidenceStrength.Strong, $"{name}-contradicts-page", weight, ClassificationReason.UnexpectedEnvironment);
        }
    }

    private static bool Differs(string? a, string? b) =>
        !string.IsNullOrEmpty(a) && !string.IsNullOrEmpty(b) && !string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>navigator.deviceMemory is rounded to a power of two (0.25 … 8, lately up to 32).</summary>
    private static bool IsPlausibleDeviceMemory(double gib)
    {
        if (gib < 0.25 || gib > 64)
        {
            return false;
        }

        var log = Math.Log2(gib);
        return Math.Abs(log - Math.Round(log)) < 1e-9;
    }
}
