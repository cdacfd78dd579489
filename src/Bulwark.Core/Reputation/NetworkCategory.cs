namespace Bulwark.Core.Reputation;

/// <summary>What an operator's reputation lists say about an address (several may apply).</summary>
[Flags]
public enum NetworkCategory
{
    None = 0,

    /// <summary>Cloud and hosting providers: scripts run there, people rarely browse from there.</summary>
    Hosting = 1,

    /// <summary>Tor exit relays.</summary>
    Tor = 2,

    /// <summary>Open proxies and anonymising VPN egress.</summary>
    Proxy = 4,

    /// <summary>An operator's own deny list.</summary>
    Abuse = 8,
}
