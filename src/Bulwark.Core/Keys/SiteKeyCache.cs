using Bulwark.Core.Caching;
using Bulwark.Core.Secrets;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Keys;

/// <summary>
/// Site keys are read on every token, every assessment and every siteverify (by their legacy
/// secret), and change rarely: keep them in memory for a few seconds. Unknown ids and secrets are
/// kept too, so random ones do not reach the store, but the cache is bounded so they cannot fill
/// memory either.
/// </summary>
public sealed class SiteKeyCache : IDisposable
{
    private readonly LookupCache<SiteKeyRecord> _byId;
    private readonly LookupCache<SiteKeyRecord> _bySecretHash;

    public SiteKeyCache(ISiteKeyStore store, IOptions<SiteKeyCacheOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _byId = new LookupCache<SiteKeyRecord>(store.GetAsync, o.CacheDuration, o.MaxCachedKeys, time);
        _bySecretHash = new LookupCache<SiteKeyRecord>(store.FindByLegacySecretHashAsync, o.CacheDuration, o.MaxCachedKeys, time);
    }

    public ValueTask<SiteKeyRecord?> GetAsync(string keyId, CancellationToken cancellationToken) =>
        _byId.GetAsync(keyId, cancellationToken);

    /// <summary>The key whose legacy secret (siteverify's <c>secret</c>) this is, or null.</summary>
    public ValueTask<SiteKeyRecord?> FindByLegacySecretAsync(string secret, CancellationToken cancellationToken) =>
        _bySecretHash.GetAsync(SecretHasher.Hash(secret), cancellationToken);

    /// <summary>After an edit through this node; lookups by secret cannot be found by key id, so all go.</summary>
    public void Invalidate(string keyId)
    {
        _byId.Remove(keyId);
        _bySecretHash.Clear();
    }

    public void Dispose()
    {
        _byId.Dispose();
        _bySecretHash.Dispose();
    }
}
