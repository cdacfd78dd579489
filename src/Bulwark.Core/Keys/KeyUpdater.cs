using System.Text;
using Bulwark.Core.Protocol;

namespace Bulwark.Core.Keys;

/// <summary>Applies an UpdateKey request: copies the fields named by update_mask (all mutable fields when empty).</summary>
public static class KeyUpdater
{
    private static readonly string[] AllMutable = ["display_name", "platform_settings", "labels", "testing_options", "waf_settings"];

    /// <returns>The updated copy, or an error message for INVALID_ARGUMENT.</returns>
    public static (Key? Updated, string? Error) Apply(Key existing, Key patch, string? updateMask)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(patch);

        var result = existing.Clone();
        var paths = string.IsNullOrWhiteSpace(updateMask)
            ? AllMutable
            : updateMask.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ToSnake).ToArray();

        foreach (var path in paths)
        {
            var error = ApplyPath(result, patch, path);
            if (error is not null)
            {
                return (null, error);
            }
        }

        return (result, null);
    }

    private static string? ApplyPath(Key target, Key patch, string path)
    {
        switch (path)
        {
            case "display_name":
                target.DisplayName = patch.DisplayName;
                return null;
            case "labels":
                target.Labels = patch.Labels;
                return null;
            case "testing_options":
                target.TestingOptions = patch.TestingOptions;
                return null;
            case "waf_settings":
                target.WafSettings = patch.WafSettings;
                return null;
            case "platform_settings":
            case "web_settings":
            case "android_settings":
            case "ios_settings":
            case "express_settings":
                SetPlatform(target, patch);
                return null;
        }

        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && path[..dot] == "web_settings" && patch.WebSettings is { } web)
        {
            var t = target.WebSettings ??= new WebKeySettings();
            switch (path[(dot + 1)..])
            {
                case "allowed_domains": t.AllowedDomains = web.AllowedDomains; return null;
                case "allow_all_domains": t.AllowAllDomains = web.AllowAllDomains; return null;
                case "allow_amp_traffic": t.AllowAmpTraffic = web.AllowAmpTraffic; return null;
                case "integration_type": t.IntegrationType = web.IntegrationType; return null;
                case "challenge_security_preference": t.ChallengeSecurityPreference = web.ChallengeSecurityPreference; return null;
                case "challenge_settings": t.ChallengeSettings = web.ChallengeSettings; return null;
            }
        }
        else if (dot > 0 && path[..dot] == "android_settings" && patch.AndroidSettings is { } android)
        {
            var t = target.AndroidSettings ??= new AndroidKeySettings();
            switch (path[(dot + 1)..])
            {
                case "allowed_package_names": t.AllowedPackageNames = android.AllowedPackageNames; return null;
                case "allow_all_package_names": t.AllowAllPackageNames = android.AllowAllPackageNames; return null;
                case "support_non_google_app_store_distribution": t.SupportNonGoogleAppStoreDistribution = android.SupportNonGoogleAppStoreDistribution; return null;
            }
        }
        else if (dot > 0 && path[..dot] == "ios_settings" && patch.IosSettings is { } ios)
        {
            var t = target.IosSettings ??= new IosKeySettings();
            switch (path[(dot + 1)..])
            {
                case "allowed_bundle_ids": t.AllowedBundleIds = ios.AllowedBundleIds; return null;
                case "allow_all_bundle_ids": t.AllowAllBundleIds = ios.AllowAllBundleIds; return null;
                case "apple_developer_id": t.AppleDeveloperId = ios.AppleDeveloperId; return null;
            }
        }
        else if (dot > 0 && path[..dot] == "testing_options" && patch.TestingOptions is { } testing)
        {
            var t = target.TestingOptions ??= new TestingOptions();
            switch (path[(dot + 1)..])
            {
                case "testing_score": t.TestingScore = testing.TestingScore; return null;
                case "testing_challenge": t.TestingChallenge = testing.TestingChallenge; return null;
            }
        }

        return $"update_mask path '{path}' is not an updatable field of Key (or its value is missing from the request).";
    }

    private static void SetPlatform(Key target, Key patch)
    {
        // platform_settings is a oneof: whichever the request sets replaces the others.
        if (patch.WebSettings is null && patch.AndroidSettings is null && patch.IosSettings is null && patch.ExpressSettings is null)
        {
            return;
        }

        target.WebSettings = patch.WebSettings;
        target.AndroidSettings = patch.AndroidSettings;
        target.IosSettings = patch.IosSettings;
        target.ExpressSettings = patch.ExpressSettings;
    }

    /// <summary>Field masks arrive in camelCase over JSON and snake_case elsewhere.</summary>
    public static string ToSnake(string path)
    {
        var sb = new StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            if (char.IsUpper(c))
            {
                sb.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
