using System.Security.Cryptography;
using Bulwark.Core.Secrets;
using Bulwark.Core.Tokens;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Bulwark.Storage.Tests.Sqlite;

/// <summary>The key ring's life on a real store: first key, rotation, several nodes, retirement.</summary>
public sealed class KeyRingProviderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDirectory _files = new("bulwark-ring-");
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private readonly TestClock _clock = new(T0);
    private readonly IOptions<TokenKeyOptions> _options = Options.Create(new TokenKeyOptions { RotationPeriod = TimeSpan.FromHours(1), RefreshInterval = TimeSpan.FromMinutes(1) });

    public void Dispose() => _files.Dispose();

    private async Task<KeyRingProvider> NodeAsync()
    {
        var stores = await SqliteStoreTests.OpenAsync(_files.File("ring.db"));
        var provider = new KeyRingProvider(stores.TokenKeys, _protector, _options, _clock);
        await provider.RefreshAsync(default);
        return provider;
    }

    private static TokenPayload Payload(DateTimeOffset at) => new()
    {
        TokenId = Guid.NewGuid(),
        SiteKey = "6Lk",
        Action = "a",
        Hostname = "h",
        CreateTime = at,
    };

    [Fact]
    public async Task RotateIfDue_EmptyStore_CreatesAnActiveKey()
    {
        using var node = await NodeAsync();
        await node.RotateIfDueAsync(default);
        Assert.Equal(1, node.Ring.Current(_clock.GetUtcNow())!.Id);
    }

    [Fact]
    public async Task RotateIfDue_AfterThePeriod_AnnouncesTheNextKeyBeforeUsingIt()
    {
        using var node = await NodeAsync();
        await node.RotateIfDueAsync(default);

        _clock.Advance(TimeSpan.FromMinutes(59));
        await node.RotateIfDueAsync(default);

        Assert.Equal(2, node.Ring.Keys.Count);
        Assert.Equal(1, node.Ring.Current(_clock.GetUtcNow())!.Id);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, node.Ring.Current(_clock.GetUtcNow())!.Id);
    }

    [Fact]
    public async Task TwoNodes_RotatingTogether_AgreeOnOneKey()
    {
        using var a = await NodeAsync();
        using var b = await NodeAsync();
        await Task.WhenAll(a.RotateIfDueAsync(default), b.RotateIfDueAsync(default));
        await a.RefreshAsync(default);
        await b.RefreshAsync(default);

        var token = TokenCodec.Seal(Payload(T0), a.Ring.Current(T0)!);
        Assert.Equal(TokenOpenStatus.Ok, TokenCodec.Open(token, b.Ring).Status);
        Assert.Single(b.Ring.Keys);
    }

    [Fact]
    public async Task ReloadForUnknownKey_PicksUpAKeyAnotherNodeAdded()
    {
        using var a = await NodeAsync();
        await a.RotateIfDueAsync(default);
        using var b = await NodeAsync();
        _clock.Advance(TimeSpan.FromMinutes(62));
        await a.RotateIfDueAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(3));

        var token = TokenCodec.Seal(Payload(_clock.GetUtcNow()), a.Ring.Current(_clock.GetUtcNow())!);
        var first = TokenCodec.Open(token, b.Ring);
        Assert.Equal(TokenOpenStatus.UnknownKey, first.Status);

        var ring = await b.ReloadForUnknownKeyAsync(first.KeyId, default);
        Assert.Equal(TokenOpenStatus.Ok, TokenCodec.Open(token, ring).Status);
    }

    [Fact]
    public async Task RotateIfDue_LongSupersededKeys_AreDropped()
    {
        using var node = await NodeAsync();
        await node.RotateIfDueAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(59));
        await node.RotateIfDueAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(40));
        await node.RotateIfDueAsync(default);

        Assert.Equal([2], node.Ring.Keys.Select(k => k.Id));
    }

    [Fact]
    public async Task Refresh_WithAnotherMasterKey_Fails()
    {
        using var node = await NodeAsync();
        await node.RotateIfDueAsync(default);
        var stores = await SqliteStoreTests.OpenAsync(_files.File("ring.db"));
        using var stranger = new KeyRingProvider(stores.TokenKeys, new SecretProtector(RandomNumberGenerator.GetBytes(32)), _options, _clock);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => stranger.RefreshAsync(default));
    }
}
