using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bulwark.Core.Protocol;

namespace Bulwark.Core.Keys;

/// <summary>Checks a Key resource the way the API must before storing it; returns the first problem.</summary>
public static partial class KeyValidator
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxDomains = 250;
    public const int MaxLabels = 64;

    public static string? Validate(Key key)
    {
        ArgumentNullException.ThrowIfNull(key);

        if (string.IsNullOrWhiteSpace(key.DisplayName))
        {
            return "key.display_name is required.";
        }

        if (key.DisplayName.Length > MaxDisplayNameLength)
        {
            return $"key.display_name must be at most {MaxDisplayNameLength} characters.";
        }

        var platforms = (key.WebSettings is null ? 0 : 1) + (key.AndroidSettings is null ? 0 : 1)
            + (key.IosSettings is null ? 0 : 1) + (key.ExpressSettings is null ? 0 : 1);
        if (platforms != 1)
        {
            return "Exactly one of key.web_settings, key.android_settings, key.ios_settings, key.express_settings is required.";
        }

        return ValidateWeb(key.WebSettings)
            ?? ValidateAndroid(key.AndroidSettings)
            ?? ValidateIos(key.IosSettings)
            ?? ValidateLabels(key.Labels)
            ?? ValidateTesting(key.TestingOptions)
            ?? ValidateWaf(key.WafSettings);
    }

    public static bool IsValidDomain(string domain)
    {
        if (string.IsNullOrEmpty(domain) || domain.Length > 253)
        {
            return false;
        }

        if (IPAddress.TryParse(domain, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return true;
        }

        return HostnamePattern().IsMatch(domain);
    }

    private static string? ValidateWeb(WebKeySettings? web)
    {
        if (web is null)
        {
            return null;
        }

        if (web.IntegrationType == IntegrationType.IntegrationTypeUnspecified || !Enum.IsDefined(web.IntegrationType))
        {
            return "key.web_settings.integration_type is required (SCORE, CHECKBOX, INVISIBLE or POLICY_BASED_CHALLENGE).";
        }

        if (!Enum.IsDefined(web.ChallengeSecurityPreference))
        {
            return "key.web_settings.challenge_security_preference is not a known value.";
        }

        var domains = web.AllowedDomains ?? [];
        if (domains.Count > MaxDomains)
        {
            return $"key.web_settings.allowed_domains holds at most {MaxDomains} domains.";
        }

        foreach (var domain in domains)
        {
            if (!IsValidDomain(domain))
            {
                return $"key.web_settings.allowed_domains: '{Shorten(domain)}' is not a domain (a host only: no scheme, port, path or wildcard).";
            }
        }

        if (!web.AllowAllDomains && domains.Count == 0)
        {
            return "key.web_settings needs allowed_domains or allow_all_domains.";
        }

        if (web.ChallengeSettings is { } challenge)
        {
            if (challenge.DefaultSettings is null)
            {
                return "key.web_settings.challenge_settings.default_settings is required.";
            }

            var thresholds = (challenge.ActionSettings ?? []).Values.Append(challenge.DefaultSettings);
            if (thresholds.Any(a => a is null || a.ScoreThreshold is < 0 or > 1 || float.IsNaN(a.ScoreThreshold)))
            {
                return "key.web_settings.challenge_settings score thresholds must be between 0 and 1.";
            }
        }

        return null;
    }

    private static string? ValidateAndroid(AndroidKeySettings? android)
    {
        if (android is null)
        {
            return null;
        }

        var names = android.AllowedPackageNames ?? [];
        foreach (var name in names)
        {
            if (!PackageNamePattern().IsMatch(name))
            {
                return $"key.android_settings.allowed_package_names: '{Shorten(name)}' is not a package name.";
            }
        }

        return !android.AllowAllPackageNames && names.Count == 0
            ? "key.android_settings needs allowed_package_names or allow_all_package_names."
            : null;
    }

    private static string? ValidateIos(IosKeySettings? ios)
    {
        if (ios is null)
        {
            return null;
        }

        var ids = ios.AllowedBundleIds ?? [];
        foreach (var id in ids)
        {
            if (!BundleIdPattern().IsMatch(id))
            {
                return $"key.ios_settings.allowed_bundle_ids: '{Shorten(id)}' is not a bundle id.";
            }
        }

        if (!ios.AllowAllBundleIds && ids.Count == 0)
        {
            return "key.ios_settings needs allowed_bundle_ids or allow_all_bundle_ids.";
        }

        if (ios.AppleDeveloperId is { } dev && (string.IsNullOrWhiteSpace(dev.KeyId) || string.IsNullOrWhiteSpace(dev.TeamId)))
        {
            return "key.ios_settings.apple_developer_id needs key_id and team_id.";
        }

        return null;
    }

    private static string? ValidateLabels(Dictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return null;
        }

        if (labels.Count > MaxLabels)
        {
            return $"key.labels holds at most {MaxLabels} labels.";
        }

        foreach (var (name, value) in labels)
        {
            if (!LabelKeyPattern().IsMatch(name) || !LabelValuePattern().IsMatch(value ?? string.Empty))
            {
                return $"key.labels: '{Shorten(name)}' is not a valid label (lowercase letters, digits, '_' and '-', up to 63 characters).";
            }
        }

        return null;
    }

    private static string? ValidateTesting(TestingOptions? testing)
    {
        if (testing is null)
        {
            return null;
        }

        if (testing.TestingScore is { } score && (score < 0 || score > 1 || float.IsNaN(score)))
        {
            return "key.testing_options.testing_score must be between 0 and 1.";
        }

        return Enum.IsDefined(testing.TestingChallenge) ? null : "key.testing_options.testing_challenge is not a known value.";
    }

    private static string? ValidateWaf(WafSettings? waf)
    {
        if (waf is null)
        {
            return null;
        }

        return waf.WafService == WafService.WafServiceUnspecified || waf.WafFeature == WafFeature.WafFeatureUnspecified
            || !Enum.IsDefined(waf.WafService) || !Enum.IsDefined(waf.WafFeature)
            ? "key.waf_settings needs waf_service and waf_feature."
            : null;
    }

    private static string Shorten(string value) =>
        value.Length > 64 ? string.Concat(value.AsSpan(0, 64), "…") : value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")]
    private static partial Regex HostnamePattern();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$")]
    private static partial Regex PackageNamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$")]
    private static partial Regex BundleIdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    private static partial Regex LabelKeyPattern();

    [GeneratedRegex("^[a-z0-9_-]{0,63}$")]
    private static partial Regex LabelValuePattern();
}
