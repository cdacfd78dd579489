using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Keys;

/// <summary>
/// Site keys are read on every token and every assessment and change rarely: keep them in
/// memory for a few seconds. Unknown ids are cached too, so random ids do not reach the store,
/// but the cache is bounded so they cannot fill memory either.
/// </summary>
public sealed class SiteKeyCache(ISiteKeyStore store, IOptions<SiteKeyCacheOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<SiteKeyRecord?> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_entries.TryGetValue(keyId, out var entry) && time.GetElapsedTime(entry.LoadedAt, now) < options.Value.CacheDuration)
        {
            return entry.Record;
        }

        var record = await store.GetAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (_entries.Count >= options.Value.MaxCachedKeys)
        {
            _entries.Clear();
        }

        _entries[keyId] = new Entry(record, now);
        return record;
    }

    public void Invalidate(string keyId) => _entries.TryRemove(keyId, out _);

    private readonly record struct Entry(SiteKeyRecord? Record, long LoadedAt);
}
