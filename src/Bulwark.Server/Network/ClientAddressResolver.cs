using System.Net;

namespace Bulwark.Server.Network;

/// <summary>
/// The client's address: the socket peer, unless that peer is a trusted proxy, in which case we
/// walk X-Forwarded-For (or RFC 7239 Forwarded) from the right, past every trusted hop. The first
/// untrusted address is the client; anything left of it could have been written by the client.
/// </summary>
public sealed class ClientAddressResolver(IReadOnlyList<IPNetwork> trustedProxies)
{
    public const int MaxHops = 32;

    public bool HasTrustedProxies => trustedProxies.Count > 0;

    public IPAddress? Resolve(IPAddress? peer, string? forwarded, string? xForwardedFor)
    {
        if (peer is null || !IsTrusted(peer))
        {
            return peer;
        }

        var hops = !string.IsNullOrEmpty(forwarded) ? ParseForwarded(forwarded) : ParseXForwardedFor(xForwardedFor);
        var client = peer;
        for (var i = hops.Count - 1; i >= 0; i--)
        {
            if (hops[i] is not { } hop)
            {
                // An unparseable or obfuscated hop: stop at the last address we can vouch for.
                return client;
            }

            client = hop;
            if (!IsTrusted(hop))
            {
                return hop;
            }
        }

        return client;
    }

    private bool IsTrusted(IPAddress address)
    {
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in trustedProxies)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    private static List<IPAddress?> ParseXForwardedFor(string? header)
    {
        var result = new List<IPAddress?>();
        if (string.IsNullOrEmpty(header))
        {
            return result;
        }

        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).TakeLast(MaxHops))
        {
            result.Add(ParseNode(part));
        }

        return result;
    }

    /// <summary>RFC 7239: <c>Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"</c>.</summary>
    private static List<IPAddress?> ParseForwarded(string header)
    {
        var result = new List<IPAddress?>();
        foreach (var element in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).TakeLast(MaxHops))
        {
            IPAddress? address = null;
            foreach (var pair in element.Split(';', StringSplitOptions.TrimEntries))
            {
                if (pair.StartsWith("for=", StringComparison.OrdinalIgnoreCase))
                {
                    address = ParseNode(pair[4..].Trim('"'));
                }
            }

            result.Add(address);
        }

        return result;
    }

    private static IPAddress? ParseNode(string node)
    {
        if (node.StartsWith('['))
        {
            var end = node.IndexOf(']', StringComparison.Ordinal);
            return end > 0 && IPAddress.TryParse(node.AsSpan(1, end - 1), out var v6) ? v6 : null;
        }

        if (IPAddress.TryParse(node, out var address))
        {
            return address;
        }

        // IPv4 with a port.
        var colon = node.LastIndexOf(':');
        return colon > 0 && node.IndexOf(':', StringComparison.Ordinal) == colon && IPAddress.TryParse(node.AsSpan(0, colon), out var v4) ? v4 : null;
    }
}
