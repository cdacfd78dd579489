using System.Net;
using Bulwark.Server.Network;

namespace Bulwark.Server.Tests.Network;

public sealed class ClientAddressResolverTests
{
    private static readonly ClientAddressResolver Resolver = new([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("127.0.0.1/32")]);

    [Fact]
    public void Resolve_UntrustedPeer_IgnoresHeaders() =>
        Assert.Equal(IPAddress.Parse("203.0.113.9"), Resolver.Resolve(IPAddress.Parse("203.0.113.9"), null, "1.2.3.4"));

    [Fact]
    public void Resolve_TrustedPeer_TakesRightmostUntrustedHop() =>
        Assert.Equal(IPAddress.Parse("198.51.100.7"), Resolver.Resolve(IPAddress.Parse("10.1.1.1"), null, "6.6.6.6, 198.51.100.7, 10.2.2.2"));

    [Fact]
    public void Resolve_ForwardedHeader_IsUnderstood() =>
        Assert.Equal(IPAddress.Parse("2001:db8::1"), Resolver.Resolve(IPAddress.Parse("127.0.0.1"), "for=192.0.2.1, for=\"[2001:db8::1]:4711\";proto=https", null));

    [Fact]
    public void Resolve_ForwardedWithPortOnIpv4_IsUnderstood() =>
        Assert.Equal(IPAddress.Parse("192.0.2.60"), Resolver.Resolve(IPAddress.Parse("127.0.0.1"), "for=\"192.0.2.60:1234\"", null));

    [Fact]
    public void Resolve_GarbageHop_StopsAtLastTrustedAddress() =>
        Assert.Equal(IPAddress.Parse("10.2.2.2"), Resolver.Resolve(IPAddress.Parse("10.1.1.1"), null, "198.51.100.7, junk, 10.2.2.2"));

    [Fact]
    public void Resolve_NoHeaders_IsThePeer() =>
        Assert.Equal(IPAddress.Parse("10.1.1.1"), Resolver.Resolve(IPAddress.Parse("10.1.1.1"), null, null));

    [Fact]
    public void Resolve_NoTrustedProxies_IsAlwaysThePeer() =>
        Assert.Equal(IPAddress.Loopback, new ClientAddressResolver([]).Resolve(IPAddress.Loopback, "for=1.2.3.4", "1.2.3.4"));
}
