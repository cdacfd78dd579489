using System.Buffers.Text;
using Bulwark.Core.Tokens;

namespace Bulwark.Core.Tests.Tokens;

public sealed class TokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TokenKey _key = TokenKey.Generate(7, Now, Now);

    private static TokenPayload Payload() => new()
    {
        TokenId = Guid.NewGuid(),
        SiteKey = "6LabcdefghijklmnopqrstuvwxyzABCDEFGHIJKL",
        Action = "login",
        Hostname = "shop.example.com",
        CreateTime = Now,
        ClientIp = "2001:db8::1",
        UserAgentHash = 0x1234_5678_9abc_def0,
        Flags = TokenFlags.UserAgentMismatch,
        Signals = "{\"wd\":false}"u8.ToArray(),
    };

    [Fact]
    public void Open_SealedToken_ReturnsEveryField()
    {
        var payload = Payload();
        var token = TokenCodec.Seal(payload, _key);

        var opened = TokenCodec.Open(token, new KeyRing([_key]));

        Assert.Equal(TokenOpenStatus.Ok, opened.Status);
        var p = opened.Payload!;
        Assert.Equal(payload.TokenId, p.TokenId);
        Assert.Equal(payload.SiteKey, p.SiteKey);
        Assert.Equal(payload.Action, p.Action);
        Assert.Equal(payload.Hostname, p.Hostname);
        Assert.Equal(payload.CreateTime, p.CreateTime);
        Assert.Equal(payload.ClientIp, p.ClientIp);
        Assert.Equal(payload.UserAgentHash, p.UserAgentHash);
        Assert.Equal(payload.Flags, p.Flags);
        Assert.Equal(payload.Signals.ToArray(), p.Signals.ToArray());
    }

    [Fact]
    public void Seal_SamePayloadTwice_GivesDifferentTokens()
    {
        var payload = Payload();
        Assert.NotEqual(TokenCodec.Seal(payload, _key), TokenCodec.Seal(payload, _key));
    }

    [Fact]
    public void Open_EveryFlippedByte_IsMalformed()
    {
        var bytes = Base64Url.DecodeFromChars(TokenCodec.Seal(Payload(), _key));
        var ring = new KeyRing([_key]);
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            var status = TokenCodec.Open(Base64Url.EncodeToString(tampered), ring).Status;
            // Flipping the key id can also name a key we do not have; either way it does not open.
            Assert.NotEqual(TokenOpenStatus.Ok, status);
        }
    }

    [Fact]
    public void Open_TruncatedToken_IsMalformed()
    {
        var token = TokenCodec.Seal(Payload(), _key);
        var ring = new KeyRing([_key]);
        for (var length = 0; length < token.Length; length += 7)
        {
            Assert.Equal(TokenOpenStatus.Malformed, TokenCodec.Open(token[..length], ring).Status);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("!!!!****")]
    public void Open_Garbage_IsMalformed(string token) =>
        Assert.Equal(TokenOpenStatus.Malformed, TokenCodec.Open(token, new KeyRing([_key])).Status);

    [Fact]
    public void Open_Oversized_IsMalformedWithoutDecoding() =>
        Assert.Equal(TokenOpenStatus.Malformed, TokenCodec.Open(new string('A', TokenCodec.MaxTokenLength + 1), new KeyRing([_key])).Status);

    [Fact]
    public void Open_KeyNotInRing_ReportsUnknownKeyId()
    {
        var token = TokenCodec.Seal(Payload(), _key);
        var other = TokenKey.Generate(8, Now, Now);

        var opened = TokenCodec.Open(token, new KeyRing([other]));

        Assert.Equal(TokenOpenStatus.UnknownKey, opened.Status);
        Assert.Equal(7, opened.KeyId);
    }

    [Fact]
    public void Open_SameIdDifferentMaterial_IsMalformed()
    {
        var token = TokenCodec.Seal(Payload(), _key);
        var impostor = TokenKey.Generate(7, Now, Now);
        Assert.Equal(TokenOpenStatus.Malformed, TokenCodec.Open(token, new KeyRing([impostor])).Status);
    }

    [Fact]
    public void Seal_FieldLongerThanItsLimit_Throws()
    {
        var payload = Payload() with { Action = new string('a', TokenPayload.MaxActionLength + 1) };
        Assert.Throws<ArgumentException>(() => TokenCodec.Seal(payload, _key));
    }
}
