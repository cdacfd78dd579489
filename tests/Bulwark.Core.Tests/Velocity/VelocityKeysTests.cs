using System.Net;
using Bulwark.Core.Secrets;
using Bulwark.Core.Velocity;

namespace Bulwark.Core.Tests.Velocity;

public sealed class VelocityKeysTests
{
    private static readonly VelocityKeys Keys = new(HashingKeys.Derive(new byte[32]));

    [Fact]
    public void ForIssuance_SameIPv4Slash24_SharesTheNetworkNotTheAddress()
    {
        var a = Keys.ForIssuance("203.0.113.7", "k", 0, null);
        var b = Keys.ForIssuance("203.0.113.200", "k", 0, null);
        var c = Keys.ForIssuance("203.0.114.7", "k", 0, null);

        Assert.Equal(a.Network, b.Network);
        Assert.NotEqual(a.Address, b.Address);
        Assert.NotEqual(a.Network, c.Network);
    }

    [Fact]
    public void ForIssuance_SameIPv6Slash64_SharesTheNetwork()
    {
        var a = Keys.ForIssuance("2001:db8:1:2::1", "k", 0, null);
        var b = Keys.ForIssuance("2001:db8:1:2:ffff:ffff:ffff:ffff", "k", 0, null);
        var c = Keys.ForIssuance("2001:db8:1:3::1", "k", 0, null);

        Assert.Equal(a.Network, b.Network);
        Assert.NotEqual(a.Address, b.Address);
        Assert.NotEqual(a.Network, c.Network);
    }

    [Fact]
    public void ForIssuance_IPv4MappedIPv6_CountsAsIPv4()
    {
        var v4 = Keys.ForIssuance("198.51.100.9", "k", 0, null);
        var mapped = Keys.ForIssuance("::ffff:198.51.100.9", "k", 0, null);

        Assert.Equal(v4.Address, mapped.Address);
        Assert.Equal(v4.Network, mapped.Network);
    }

    [Fact]
    public void ForIssuance_MissingFacts_CountNothing()
    {
        var keys = Keys.ForIssuance("not an address", "k", 0, "");
        Assert.Null(keys.Address);
        Assert.Null(keys.Network);
        Assert.Null(keys.Device);
        Assert.Null(keys.Challenge);
        Assert.NotNull(keys.Site);
    }

    [Fact]
    public void Of_SameValueInTwoDimensions_Differs()
    {
        Assert.NotEqual(Keys.Of(VelocityDimension.Site, "x").Hash, Keys.Of(VelocityDimension.Challenge, "x").Hash);
        Assert.NotEqual(Keys.ForAddress(IPAddress.Parse("10.0.0.0")).Hash, Keys.ForNetwork(IPAddress.Parse("10.0.0.0")).Hash);
    }

    [Fact]
    public void Keys_DependOnTheMasterKey()
    {
        var other = new VelocityKeys(HashingKeys.Derive(Enumerable.Repeat((byte)1, 32).ToArray()));
        Assert.NotEqual(Keys.ForIssuance("203.0.113.7", "k", 0, null).Address, other.ForIssuance("203.0.113.7", "k", 0, null).Address);
        Assert.Equal(Keys.ForIssuance("203.0.113.7", "k", 0, null).Address, new VelocityKeys(HashingKeys.Derive(new byte[32])).ForIssuance("203.0.113.7", "k", 0, null).Address);
    }

    [Fact]
    public void ForAssessment_PrefersTheHashedAccountId()
    {
        var hashed = Keys.ForAssessment("k", "login", [1, 2, 3], "alice");
        var plain = Keys.ForAssessment("k", "login", [], "alice");
        var none = Keys.ForAssessment("k", "login", [], null);

        Assert.NotEqual(hashed.Account, plain.Account);
        Assert.Null(none.Account);
        Assert.Equal(hashed.Action, plain.Action);
        Assert.NotEqual(plain.Action, Keys.ForAssessment("k", "signup", [], null).Action);
    }

    [Fact]
    public void Of_LongValue_Works() =>
        Assert.NotEqual(0UL, Keys.Of(VelocityDimension.Account, new string('a', 5_000)).Hash);
}
