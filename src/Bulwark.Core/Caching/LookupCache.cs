using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace Bulwark.Core.Caching;

/// <summary>
/// Store lookups kept in memory for a while: for the hot paths' reads of rows that change rarely
/// (site keys, API keys, projects). Misses are kept too, so unknown ids do not reach the store on
/// every request, and the number of entries is bounded, so that they cannot fill memory either (once
/// full, new entries are not kept until the cache compacts). A duration of zero turns it off.
/// </summary>
public sealed class LookupCache<TValue> : IDisposable
    where TValue : class
{
    private readonly Func<string, CancellationToken, Task<TValue?>> _load;
    private readonly MemoryCache _cache;
    private readonly MemoryCacheEntryOptions _entry;
    private readonly bool _enabled;

    /// <param name="load">The store's lookup, called on a miss.</param>
    public LookupCache(Func<string, CancellationToken, Task<TValue?>> load, TimeSpan duration, int maxEntries, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentNullException.ThrowIfNull(time);
        _load = load;
        _enabled = duration > TimeSpan.Zero;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxEntries, Clock = new Clock(time) });
        _entry = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _enabled ? duration : null };
    }

    /// <summary>How many lookups are kept now (hits and misses).</summary>
    public int Count => _cache.Count;

    /// <summary>The kept answer for the key, or the store's (then kept) when there is none or it is too old.</summary>
    public async ValueTask<TValue?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_enabled && _cache.TryGetValue(key, out Entry? kept))
        {
            return kept!.Value;
        }

        var value = await _load(key, cancellationToken).ConfigureAwait(false);
        if (_enabled)
        {
            _cache.Set(key, new Entry(value), _entry);
        }

        return value;
    }

    /// <summary>Forgets one key: an edit made on this node shows at once.</summary>
    public void Remove(string key) => _cache.Remove(key);

    /// <summary>Forgets everything, for an edit whose keys this cache cannot name.</summary>
    public void Clear() => _cache.Clear();

    public void Dispose() => _cache.Dispose();

    /// <summary>A box, so that a miss (null) is kept as an answer too.</summary>
    private sealed record Entry(TValue? Value);

    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
