namespace Bulwark.Core.Tokens;

/// <param name="OriginHost">The page's host, from the Origin (or Referer) header.</param>
/// <param name="SignalsJson">The collector's payload as the browser sent it.</param>
public sealed record TokenIssueRequest(
    string SiteKey,
    string Action,
    string? OriginHost,
    string ClientIp,
    string? HeaderUserAgent,
    ReadOnlyMemory<byte> SignalsJson);
