using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Bulwark.Core.Keys;

/// <summary>Site key ids look like Google's: 40 URL-safe characters starting with "6L".</summary>
public static partial class SiteKeyId
{
    public static string New() => string.Concat("6L", Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(30)).AsSpan(0, 38));

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();
}
