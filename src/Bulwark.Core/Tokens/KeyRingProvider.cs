using System.Security.Cryptography;
using Bulwark.Core.Secrets;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Tokens;

/// <summary>
/// Holds this node's view of the shared key ring, rotates it when due (any node may; the
/// store arbitrates by key id), and reloads it when a token names a key it has not seen yet.
/// </summary>
public sealed class KeyRingProvider(
    ITokenKeyStore store,
    SecretProtector protector,
    IOptions<TokenKeyOptions> options,
    TimeProvider time) : IDisposable
{
    internal const string Purpose = "bulwark-token-key";

    /// <summary>Keys superseded longer ago than this open no token (tokens live 2 minutes).</summary>
    private static readonly TimeSpan SupersededGrace = TimeSpan.FromMinutes(30);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile KeyRing _ring = KeyRing.Empty;
    private long _lastUnknownReloadTicks;

    public KeyRing Ring => _ring;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            _ring = new KeyRing(stored.Select(Unwrap));
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Adds the next key when the current one is due to retire, and drops long-superseded ones.</summary>
    public async Task RotateIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ring = _ring;
        var newest = ring.Keys.Count > 0 ? ring.Keys[^1] : null;
        var settings = options.Value;

        if (newest is null)
        {
            // Nothing to be consistent with yet: the first key is active at once.
            await TryAddAsync(1, now, now, cancellationToken).ConfigureAwait(false);
        }
        else if (newest.ActivatesAt <= now && now - newest.ActivatesAt >= settings.RotationPeriod - settings.Propagation)
        {
            await TryAddAsync(newest.Id + 1, now, now + settings.Propagation, cancellationToken).ConfigureAwait(false);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);

        var current = _ring.Current(now);
        if (current is not null && now - current.ActivatesAt > SupersededGrace)
        {
            // Everything older than the current key has been superseded for longer than any token lives.
            if (await store.DeleteOlderThanAsync(current.Id, cancellationToken).ConfigureAwait(false) > 0)
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A token sealed by a key this node has not loaded yet (another node rotated first):
    /// reload, but at most once a second so forged key ids cannot hammer the store.
    /// </summary>
    public async ValueTask<KeyRing> ReloadForUnknownKeyAsync(int keyId, CancellationToken cancellationToken)
    {
        var ring = _ring;
        if (ring.Find(keyId) is not null || ring.Keys.Count == 0 || keyId <= ring.Keys[^1].Id)
        {
            return ring;
        }

        var nowTicks = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastUnknownReloadTicks);
        if (last != 0 && time.GetElapsedTime(last, nowTicks) < TimeSpan.FromSeconds(1))
        {
            return ring;
        }

        Interlocked.Exchange(ref _lastUnknownReloadTicks, nowTicks);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return _ring;
    }

    public void Dispose() => _reload.Dispose();

    private TokenKey Unwrap(StoredTokenKey stored)
    {
        try
        {
            return new TokenKey(stored.Id, protector.Unprotect(stored.WrappedMaterial, Purpose), stored.CreatedAt, stored.ActivatesAt);
        }
        catch (CryptographicException e)
        {
            // A restore without its master.key, or a node configured with another MasterKey than its peers:
            // nothing this node seals or opens would agree with the database, so it must not serve.
            throw new InvalidOperationException(
                $"Token key {stored.Id} in the database does not open with this node's master key: the database was created with another one. "
                + "Start with that master key (the master.key file backed up with the database, or the Bulwark:Secrets:MasterKey every other node has); docs/operations.md, Backup and restore.",
                e);
        }
    }

    private async Task TryAddAsync(int id, DateTimeOffset now, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        var key = TokenKey.Generate(id, now, activatesAt);
        var wrapped = protector.Protect(key.Material, Purpose);
        await store.TryAddAsync(new StoredTokenKey(id, wrapped, now, activatesAt), cancellationToken).ConfigureAwait(false);
    }
}
