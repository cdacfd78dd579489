using Bulwark.Core.Secrets;

namespace Bulwark.Core.Tests.Secrets;

public sealed class SipHashTests
{
    private static readonly byte[] ReferenceKey = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    [Fact]
    public void Hash_EmptyInput_MatchesTheReferenceVector() =>
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Hash(ReferenceKey, []));

    [Fact]
    public void Hash_FifteenBytes_MatchesThePapersExample() =>
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash(ReferenceKey, [.. Enumerable.Range(0, 15).Select(i => (byte)i)]));

    [Fact]
    public void Hash_WrongKeySize_Throws() =>
        Assert.Throws<ArgumentException>(() => SipHash.Hash(new byte[8], []));
}
