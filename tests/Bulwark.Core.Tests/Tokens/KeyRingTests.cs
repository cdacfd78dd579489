using Bulwark.Core.Tokens;

namespace Bulwark.Core.Tests.Tokens;

public sealed class KeyRingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Current_IsNewestActivatedKey()
    {
        var ring = new KeyRing([
            TokenKey.Generate(1, T0, T0),
            TokenKey.Generate(2, T0, T0.AddHours(1)),
            TokenKey.Generate(3, T0, T0.AddHours(2)),
        ]);

        Assert.Equal(1, ring.Current(T0.AddMinutes(30))!.Id);
        Assert.Equal(2, ring.Current(T0.AddHours(1))!.Id);
        Assert.Equal(3, ring.Current(T0.AddDays(1))!.Id);
    }

    [Fact]
    public void Current_NothingActivatedYet_IsNull() =>
        Assert.Null(new KeyRing([TokenKey.Generate(1, T0, T0.AddHours(1))]).Current(T0));

    [Fact]
    public void Find_AnnouncedButNotActiveKey_StillOpensTokens()
    {
        // A node that rotated first may seal with key 2 while we still seal with key 1.
        var ring = new KeyRing([TokenKey.Generate(1, T0, T0), TokenKey.Generate(2, T0, T0.AddHours(1))]);
        Assert.NotNull(ring.Find(2));
        Assert.Null(ring.Find(3));
    }
}
