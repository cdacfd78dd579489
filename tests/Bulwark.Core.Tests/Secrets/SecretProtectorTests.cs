using System.Security.Cryptography;
using System.Text;
using Bulwark.Core.Secrets;

namespace Bulwark.Core.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a legacy secret");
    private readonly byte[] _old = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _new = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Unprotect_WhatItProtected_GivesTheSecretBack()
    {
        var protector = new SecretProtector(_old);
        Assert.Equal(Secret, protector.Unprotect(protector.Protect(Secret, "p"), "p"));
    }

    [Fact]
    public void Unprotect_AnotherPurpose_Fails()
    {
        var protector = new SecretProtector(_old);
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(protector.Protect(Secret, "p"), "q"));
    }

    [Fact]
    public void Unprotect_WrappedByAPreviousKey_Opens()
    {
        var wrapped = new SecretProtector(_old).Protect(Secret, "p");
        Assert.Equal(Secret, new SecretProtector(_new, [RandomNumberGenerator.GetBytes(32), _old]).Unprotect(wrapped, "p"));
    }

    [Fact]
    public void Unprotect_WrappedByNoneOfTheKeys_Fails()
    {
        var wrapped = new SecretProtector(_old).Protect(Secret, "p");
        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(_new, [RandomNumberGenerator.GetBytes(32)]).Unprotect(wrapped, "p"));
        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(_new).Unprotect(wrapped, "p"));
    }

    [Fact]
    public void Protect_DuringARotation_WrapsUnderTheCurrentKeyOnly()
    {
        var wrapped = new SecretProtector(_new, [_old]).Protect(Secret, "p");
        Assert.Equal(Secret, new SecretProtector(_new).Unprotect(wrapped, "p"));
        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(_old).Unprotect(wrapped, "p"));
    }

    [Fact]
    public void Rewrap_WhatAPreviousKeyWrapped_OpensWithTheCurrentKeyAlone()
    {
        var wrapped = new SecretProtector(_old).Protect(Secret, "p");
        var rewrapped = new SecretProtector(_new, [_old]).Rewrap(wrapped, "p");
        Assert.Equal(Secret, new SecretProtector(_new).Unprotect(rewrapped, "p"));
    }

    [Fact]
    public void Constructor_KeyOfTheWrongSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SecretProtector(new byte[16]));
        Assert.Throws<ArgumentException>(() => new SecretProtector(_new, [new byte[31]]));
    }
}
