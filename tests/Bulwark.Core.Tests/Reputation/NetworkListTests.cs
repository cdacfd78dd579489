using System.Net;
using Bulwark.Core.Reputation;

namespace Bulwark.Core.Tests.Reputation;

public sealed class NetworkListTests
{
    private static NetworkList Parse(params string[] lines) => NetworkList.Parse(lines, out _, out _);

    [Theory]
    [InlineData("203.0.113.0", true)]
    [InlineData("203.0.113.255", true)]
    [InlineData("203.0.114.0", false)]
    [InlineData("203.0.112.255", false)]
    [InlineData("::ffff:203.0.113.9", true)]
    [InlineData("198.51.100.7", true)]
    [InlineData("198.51.100.8", false)]
    public void Contains_IPv4RangesAndHosts(string address, bool expected) =>
        Assert.Equal(expected, Parse("203.0.113.0/24", "198.51.100.7").Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2001:db8:1::1", true)]
    [InlineData("2001:db8:1:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:2::", false)]
    [InlineData("2001:db8:ff::5", true)]
    [InlineData("2001:db8:ff::6", false)]
    [InlineData("203.0.113.1", false)]
    public void Contains_IPv6RangesAndHosts(string address, bool expected) =>
        Assert.Equal(expected, Parse("2001:db8:1::/48", "2001:db8:ff::5").Contains(IPAddress.Parse(address)));

    [Fact]
    public void Parse_OverlappingAndAdjacentRanges_Merge()
    {
        var list = Parse("10.0.0.0/8", "10.1.0.0/16", "11.0.0.0/8", "12.0.0.5", "12.0.0.4/31", "0.0.0.0/0");
        Assert.Equal(1, list.RangeCount);
        Assert.True(list.Contains(IPAddress.Parse("255.255.255.255")));

        var nested = Parse("10.1.0.0/16", "10.0.0.0/8", "172.16.0.0/12");
        Assert.Equal(2, nested.RangeCount);
        Assert.True(nested.Contains(IPAddress.Parse("10.200.0.1")));
        Assert.False(nested.Contains(IPAddress.Parse("172.32.0.0")));
    }

    [Fact]
    public void Parse_CommentsBlanksAndMalformedLines_AreSkippedAndCounted()
    {
        var list = NetworkList.Parse(
            ["# a comment", "", "   ", "192.0.2.0/24  # trailing comment", "not-an-address", "10.0.0.0/33", "2001:db8::/129", "10.0.0.1/x", "192.0.2.300"],
            out var entries,
            out var malformed);

        Assert.Equal(1, entries);
        Assert.Equal(5, malformed);
        Assert.True(list.Contains(IPAddress.Parse("192.0.2.9")));
    }

    [Fact]
    public void Parse_HostBitsAfterThePrefix_AreIgnored() =>
        Assert.True(Parse("192.0.2.77/24").Contains(IPAddress.Parse("192.0.2.1")));

    [Fact]
    public void Contains_EmptyList_IsFalse() =>
        Assert.False(NetworkList.Empty.Contains(IPAddress.IPv6Loopback));
}
