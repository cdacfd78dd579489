namespace Bulwark.Core.Tokens;

/// <param name="OriginHost">The page's host, from the Origin (or Referer) header.</param>
/// <param name="SignalsJson">The collector's payload as the browser sent it (the exact bytes the proof covers).</param>
public sealed record TokenIssueRequest(
    string SiteKey,
    string Action,
    string? OriginHost,
    string ClientIp,
    string? HeaderUserAgent,
    ReadOnlyMemory<byte> SignalsJson)
{
    /// <summary>The collector's proof over its challenge and <see cref="SignalsJson"/> (body field <c>p</c>).</summary>
    public string? Proof { get; init; }

    /// <summary>The Sec-CH-UA request header (brands), when the browser sent it.</summary>
    public string? HeaderClientHintsBrands { get; init; }

    /// <summary>The Sec-CH-UA-Platform request header, when the browser sent it.</summary>
    public string? HeaderClientHintsPlatform { get; init; }

    /// <summary>The Accept-Language request header.</summary>
    public string? HeaderAcceptLanguage { get; init; }
}
