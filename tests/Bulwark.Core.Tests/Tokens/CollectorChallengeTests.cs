using Bulwark.Core.Tokens;

namespace Bulwark.Core.Tests.Tokens;

public sealed class CollectorChallengeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TokenKey _key = TokenKey.Generate(7, T0, T0);

    [Fact]
    public void Verify_FreshChallenge_IsValidWithItsIssueTime()
    {
        var challenge = CollectorChallenge.Issue(_key, "6Lsitekey", T0);
        Assert.Equal(CollectorChallenge.EncodedLength, challenge.Length);
        Assert.True(CollectorChallenge.TryReadKeyId(challenge, out var keyId));
        Assert.Equal(7, keyId);
        Assert.Equal(ChallengeVerdict.Valid, CollectorChallenge.Verify(challenge, "6Lsitekey", _key, T0.AddMinutes(29), out var issuedAt));
        Assert.Equal(T0, issuedAt);
    }

    [Fact]
    public void Issue_TwiceAtTheSameSecond_Differs() =>
        Assert.NotEqual(CollectorChallenge.Issue(_key, "6Lsitekey", T0), CollectorChallenge.Issue(_key, "6Lsitekey", T0));

    [Fact]
    public void Verify_OtherSiteKey_IsBadMac()
    {
        var challenge = CollectorChallenge.Issue(_key, "6Lsitekey", T0);
        Assert.Equal(ChallengeVerdict.BadMac, CollectorChallenge.Verify(challenge, "6Lotherkey", _key, T0, out _));
    }

    [Fact]
    public void Verify_EditedByte_IsBadMac()
    {
        var raw = System.Buffers.Text.Base64Url.DecodeFromChars(CollectorChallenge.Issue(_key, "6Lsitekey", T0));
        raw[10] ^= 1; // the issue time: a replayer trying to make an old challenge young
        var edited = System.Buffers.Text.Base64Url.EncodeToString(raw);
        Assert.Equal(ChallengeVerdict.BadMac, CollectorChallenge.Verify(edited, "6Lsitekey", _key, T0, out _));
    }

    [Fact]
    public void Verify_KeyWithSameIdButOtherMaterial_IsBadMac()
    {
        // Another deployment's ring: same key id, different secret.
        var challenge = CollectorChallenge.Issue(TokenKey.Generate(7, T0, T0), "6Lsitekey", T0);
        Assert.Equal(ChallengeVerdict.BadMac, CollectorChallenge.Verify(challenge, "6Lsitekey", _key, T0, out _));
    }

    [Fact]
    public void Verify_UnknownKey_IsUnknownKey()
    {
        var challenge = CollectorChallenge.Issue(_key, "6Lsitekey", T0);
        Assert.Equal(ChallengeVerdict.UnknownKey, CollectorChallenge.Verify(challenge, "6Lsitekey", null, T0, out _));
        Assert.Equal(ChallengeVerdict.UnknownKey, CollectorChallenge.Verify(challenge, "6Lsitekey", TokenKey.Generate(8, T0, T0), T0, out _));
    }

    [Fact]
    public void Verify_OlderThanLifetime_IsExpired()
    {
        var challenge = CollectorChallenge.Issue(_key, "6Lsitekey", T0);
        Assert.Equal(ChallengeVerdict.Expired, CollectorChallenge.Verify(challenge, "6Lsitekey", _key, T0 + CollectorChallenge.Lifetime + TimeSpan.FromSeconds(1), out _));
    }

    [Fact]
    public void Verify_IssuedInTheFutureBeyondSkew_IsExpired()
    {
        var challenge = CollectorChallenge.Issue(_key, "6Lsitekey", T0.AddMinutes(5));
        Assert.Equal(ChallengeVerdict.Expired, CollectorChallenge.Verify(challenge, "6Lsitekey", _key, T0, out _));
        Assert.Equal(ChallengeVerdict.Valid, CollectorChallenge.Verify(challenge, "6Lsitekey", _key, T0.AddMinutes(4.5), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a challenge")]
    [InlineData("AQAAAAEAAAAAawIj3w4SW-xIG1cO7GZGoMZAaW9ocpzqU5RmK")]
    [InlineData("AgAAAAcAAAAAawIj3w4SW-xIG1cO7GZGoMZAaW9ocpzqU5RmKg")]
    [InlineData("AQAAAAcAAAAAawIj3w4SW-xIG1cO7GZGoMZAaW9ocpzqU5R!Kg")]
    public void Verify_NotAChallenge_IsMalformed(string? challenge)
    {
        Assert.Equal(ChallengeVerdict.Malformed, CollectorChallenge.Verify(challenge, "6Lsitekey", _key, T0, out _));
        Assert.False(CollectorChallenge.TryReadKeyId(challenge, out _));
    }
}
