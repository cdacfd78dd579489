using Bulwark.Core.Signals;

namespace Bulwark.Core.Tokens;

/// <summary>
/// What the browser's own request headers say, against what the page reported. Each check runs
/// only when both sides are present: Safari and Firefox send no client hints, and a missing
/// header is never a mismatch.
/// </summary>
public static class RequestConsistency
{
    public static TokenFlags Check(ClientSignals signals, TokenIssueRequest request)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(request);
        var flags = TokenFlags.None;
        if (ClientHintsContradict(signals, request))
        {
            flags |= TokenFlags.ClientHintsMismatch;
        }

        if (LanguagesContradict(request.HeaderAcceptLanguage, signals.LanguageList))
        {
            flags |= TokenFlags.LanguageMismatch;
        }

        return flags;
    }

    internal static bool ClientHintsContradict(ClientSignals signals, TokenIssueRequest request)
    {
        var platform = Unquote(request.HeaderClientHintsPlatform);
        if (!string.IsNullOrEmpty(platform))
        {
            if (!string.IsNullOrEmpty(signals.UaPlatform) && !string.Equals(platform, signals.UaPlatform, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var claimed = NormalisePlatform(platform);
            if (claimed is not null
                && (Contradicts(claimed, OsOfUserAgent(request.HeaderUserAgent)) || Contradicts(claimed, OsOfUserAgent(signals.UserAgent))))
            {
                return true;
            }
        }

        // A clipped brand list cannot be compared.
        if (request.HeaderClientHintsBrands is { Length: > 0 } header && signals.UaBrands is { Length: > 0 and < 128 } brands)
        {
            var fromHeader = ParseHeaderBrands(header);
            var fromPage = ParsePageBrands(brands);
            if (fromHeader is not null && fromPage is not null && !fromHeader.SetEquals(fromPage))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool LanguagesContradict(string? acceptLanguage, string? languageList)
    {
        var header = PrimarySubtag(acceptLanguage?.Split(',')[0].Split(';')[0]);
        var page = PrimarySubtag(languageList?.Split(',')[0]);
        return header is not null && page is not null && header != "*" && !string.Equals(header, page, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The OS a User-Agent string names, in Sec-CH-UA-Platform's vocabulary; null when it names none we know.</summary>
    internal static string? OsOfUserAgent(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return null;
        }

        // Order matters: Android UAs say Linux, iPhone UAs say "like Mac OS X".
        if (userAgent.Contains("Windows", StringComparison.Ordinal))
        {
            return "windows";
        }

        if (userAgent.Contains("Android", StringComparison.Ordinal))
        {
            return "android";
        }

        if (userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal))
        {
            return "ios";
        }

        if (userAgent.Contains("CrOS", StringComparison.Ordinal))
        {
            return "chromeos";
        }

        if (userAgent.Contains("Macintosh", StringComparison.Ordinal))
        {
            return "macos";
        }

        return userAgent.Contains("Linux", StringComparison.Ordinal) || userAgent.Contains("X11", StringComparison.Ordinal) ? "linux" : null;
    }

    private static string? NormalisePlatform(string platform) => platform.ToUpperInvariant() switch
    {
        "WINDOWS" => "windows",
        "ANDROID" => "android",
        "IOS" => "ios",
        "CHROME OS" or "CHROMIUM OS" => "chromeos",
        "MACOS" => "macos",
        "LINUX" => "linux",
        _ => null,
    };

    private static bool Contradicts(string claimed, string? fromUserAgent) => fromUserAgent is not null && fromUserAgent != claimed;

    private static string? PrimarySubtag(string? tag)
    {
        tag = tag?.Trim();
        if (string.IsNullOrEmpty(tag))
        {
            return null;
        }

        var dash = tag.IndexOfAny(['-', '_']);
        return dash < 0 ? tag : tag[..dash];
    }

    private static string? Unquote(string? value)
    {
        value = value?.Trim();
        return value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
    }

    /// <summary>Sec-CH-UA: <c>"Chromium";v="130", "Not?A_Brand";v="99"</c> (a structured-field list) to {"Chromium/130", …}.</summary>
    internal static HashSet<string>? ParseHeaderBrands(string header)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < header.Length)
        {
            while (i < header.Length && (header[i] == ' ' || header[i] == ','))
            {
                i++;
            }

            if (i >= header.Length)
            {
                break;
            }

            if (!TryReadQuoted(header, ref i, out var name))
            {
                return null;
            }

            var version = string.Empty;
            while (i < header.Length && header[i] == ';')
            {
                i++;
                var eq = header.IndexOf('=', i);
                if (eq < 0)
                {
                    return null;
                }

                var param = header[i..eq].Trim();
                i = eq + 1;
                if (!TryReadQuoted(header, ref i, out var value))
                {
                    return null;
                }

                if (param == "v")
                {
                    version = value;
                }
            }

            result.Add(name + "/" + version.Split('.')[0]);
        }

        return result.Count > 0 ? result : null;
    }

    /// <summary>The page's "name/major" comma-joined list; a brand name may itself hold '/' (GREASE), so split at the last one.</summary>
    internal static HashSet<string>? ParsePageBrands(string brands)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in brands.Split(','))
        {
            var slash = item.LastIndexOf('/');
            if (slash <= 0)
            {
                return null;
            }

            result.Add(item[..slash].Trim() + "/" + item[(slash + 1)..].Trim());
        }

        return result.Count > 0 ? result : null;
    }

    private static bool TryReadQuoted(string s, ref int i, out string value)
    {
        value = string.Empty;
        if (i >= s.Length || s[i] != '"')
        {
            return false;
        }

        var sb = new System.Text.StringBuilder();
        for (i++; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                sb.Append(s[++i]);
            }
            else if (s[i] == '"')
            {
                i++;
                value = sb.ToString();
                return true;
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return false;
    }
}
