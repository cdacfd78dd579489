using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Core.Secrets;

namespace Bulwark.Core.Signals;

/// <summary>
/// A keyed 64-bit hash of the facts about a browser that stay put between page loads: browser
/// family and major version, platform, cores, memory, screen size, pixel ratio, time zone,
/// languages and WebGL renderer. Keyed (<see cref="HashingKeys.Device"/>), so hashes cannot be
/// compared across deployments. Not an identity: many identical devices share a hash, which is
/// what a per-device velocity counter wants.
/// </summary>
public static class DeviceHash
{
    /// <summary>Fewer stable facts than this and there is nothing worth hashing: the hash is 0.</summary>
    public const int MinimumFacts = 4;

    private static readonly string[] Families = ["Edg/", "OPR/", "SamsungBrowser/", "FxiOS/", "CriOS/", "Firefox/", "Chrome/"];

    /// <returns>The hash, never 0 for a device; 0 when <paramref name="signals"/> is null or holds fewer than <see cref="MinimumFacts"/> stable facts.</returns>
    public static ulong Of(ClientSignals? signals, ReadOnlySpan<byte> secret)
    {
        if (signals is null)
        {
            return 0;
        }

        var facts = 0;
        var text = new StringBuilder(256);
        Append(text, BrowserFamily(signals.UserAgent), ref facts);
        Append(text, signals.Platform, ref facts);
        Append(text, signals.HardwareConcurrency?.ToString(CultureInfo.InvariantCulture), ref facts);
        Append(text, signals.DeviceMemory?.ToString("0.###", CultureInfo.InvariantCulture), ref facts);
        Append(text, Screen(signals.ScreenWidth, signals.ScreenHeight), ref facts);
        Append(text, signals.PixelRatio?.ToString("0.00", CultureInfo.InvariantCulture), ref facts);
        Append(text, signals.TimeZone, ref facts);
        Append(text, signals.LanguageList, ref facts);
        Append(text, string.IsNullOrEmpty(signals.WebGlRenderer) ? null : signals.WebGlRenderer, ref facts);
        if (facts < MinimumFacts)
        {
            return 0;
        }

        Span<byte> key = stackalloc byte[SipHash.KeySize];
        if (secret.Length == SipHash.KeySize)
        {
            secret.CopyTo(key);
        }
        else
        {
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(secret, digest);
            digest[..SipHash.KeySize].CopyTo(key);
        }

        var hash = SipHash.Hash(key, Encoding.UTF8.GetBytes(text.ToString()));
        return hash == 0 ? 1 : hash;
    }

    /// <summary>"Chrome/124", "Firefox/128", "Safari/17": what survives a minor update; null when the user agent names none.</summary>
    internal static string? BrowserFamily(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return null;
        }

        foreach (var family in Families)
        {
            var at = userAgent.IndexOf(family, StringComparison.Ordinal);
            if (at >= 0)
            {
                return family + Major(userAgent.AsSpan(at + family.Length));
            }
        }

        var version = userAgent.IndexOf("Version/", StringComparison.Ordinal);
        if (version >= 0 && userAgent.Contains("Safari/", StringComparison.Ordinal))
        {
            return "Safari/" + Major(userAgent.AsSpan(version + "Version/".Length));
        }

        return null;
    }

    private static string Major(ReadOnlySpan<char> version)
    {
        var end = 0;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return version[..end].ToString();
    }

    /// <summary>Long side × short side: a phone turned sideways is the same device.</summary>
    private static string? Screen(int? width, int? height) =>
        width is > 0 && height is > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(width.Value, height.Value)}x{Math.Min(width.Value, height.Value)}")
            : null;

    private static void Append(StringBuilder text, string? fact, ref int facts)
    {
        if (!string.IsNullOrEmpty(fact))
        {
            facts++;
        }

        // Every field has its place, so a missing one cannot shift another into its slot.
        text.Append(fact).Append('\u001f');
    }
}
