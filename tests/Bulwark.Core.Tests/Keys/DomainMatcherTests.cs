using Bulwark.Core.Keys;

namespace Bulwark.Core.Tests.Keys;

public sealed class DomainMatcherTests
{
    [Theory]
    [InlineData("example.com", true)]
    [InlineData("EXAMPLE.com", true)]
    [InlineData("shop.example.com", true)]
    [InlineData("a.b.example.com", true)]
    [InlineData("badexample.com", false)]
    [InlineData("example.com.evil.net", false)]
    [InlineData("com", false)]
    [InlineData("", false)]
    public void IsAllowed_DomainAndItsSubdomains(string host, bool allowed) =>
        Assert.Equal(allowed, DomainMatcher.IsAllowed(host, ["example.com"]));

    [Fact]
    public void IsAllowed_NoList_IsFalse() => Assert.False(DomainMatcher.IsAllowed("example.com", null));
}
