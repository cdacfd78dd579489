using System.Net;

namespace Bulwark.Server.Network;

/// <summary>Section <c>Bulwark:Network</c>.</summary>
public sealed class NetworkOptions
{
    public const string SectionName = "Bulwark:Network";

    /// <summary>
    /// CIDRs of the load balancers and proxies whose X-Forwarded-For / Forwarded headers are believed
    /// (<c>Bulwark__Network__TrustedProxies__0=10.0.0.0/8</c>, or one comma-separated value).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public IReadOnlyList<IPNetwork> ParseTrustedProxies() =>
        TrustedProxies
            .SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(p => p.Contains('/', StringComparison.Ordinal) ? IPNetwork.Parse(p) : new IPNetwork(IPAddress.Parse(p), IPAddress.Parse(p).GetAddressBytes().Length * 8))
            .ToList();
}
