using Bulwark.Core.Caching;

namespace Bulwark.Core.Tests.Caching;

public sealed class LookupCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly Clock _clock = new(Start);
    private readonly Dictionary<string, string> _store = new(StringComparer.Ordinal) { ["a"] = "row a" };
    private int _loads;

    private Task<string?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        _loads++;
        return Task.FromResult(_store.TryGetValue(key, out var value) ? value : null);
    }

    [Fact]
    public async Task GetAsync_WithinDuration_ReadsTheStoreOnce()
    {
        using var cache = new LookupCache<string>(LoadAsync, TimeSpan.FromSeconds(10), 100, _clock);

        Assert.Equal("row a", await cache.GetAsync("a", default));
        _store["a"] = "edited on another node";
        _clock.Advance(TimeSpan.FromSeconds(9));

        Assert.Equal("row a", await cache.GetAsync("a", default));
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task GetAsync_AfterDuration_ReadsTheStoreAgain()
    {
        using var cache = new LookupCache<string>(LoadAsync, TimeSpan.FromSeconds(10), 100, _clock);
        await cache.GetAsync("a", default);
        _store["a"] = "edited on another node";

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("edited on another node", await cache.GetAsync("a", default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task GetAsync_UnknownKey_KeepsTheMissToo()
    {
        using var cache = new LookupCache<string>(LoadAsync, TimeSpan.FromSeconds(10), 100, _clock);

        Assert.Null(await cache.GetAsync("nobody", default));
        Assert.Null(await cache.GetAsync("nobody", default));

        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task Remove_TheNextLookupReadsTheStore()
    {
        using var cache = new LookupCache<string>(LoadAsync, TimeSpan.FromSeconds(10), 100, _clock);
        await cache.GetAsync("a", default);
        _store["a"] = "edited here";

        cache.Remove("a");

        Assert.Equal("edited here", await cache.GetAsync("a", default));
    }

    [Fact]
    public async Task Clear_EveryLookupReadsTheStore()
    {
        using var cache = new LookupCache<string>(LoadAsync, TimeSpan.FromSeconds(10), 100, _clock);
        await cache.GetAsync("a", default);
        await cache.GetAsync("b", default);

        cache.Clear();
        await cache.GetAsync("a", default);
        await cache.GetAsync("b", default);

        Assert.Equal(4, _loads);
    }

    [Fact]
    public async Task ZeroDuration_AlwaysReadsTheStore()
    {
        using var cache = new LookupCache<string>(LoadAsync, TimeSpan.Zero, 100, _clock);

        await cache.GetAsync("a", default);
        await cache.GetAsync("a", default);

        Assert.Equal(2, _loads);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task ManyUnknownKeys_KeepAtMostMaxEntries()
    {
        using var cache = new LookupCache<string>(LoadAsync, TimeSpan.FromMinutes(10), 16, _clock);

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Null(await cache.GetAsync($"random-{i}", default));
        }

        Assert.True(cache.Count <= 16, $"{cache.Count} entries kept");
    }

    [Fact]
    public void Constructor_NegativeDurationOrNoRoom_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookupCache<string>(LoadAsync, TimeSpan.FromSeconds(-1), 16, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookupCache<string>(LoadAsync, TimeSpan.FromSeconds(1), 0, _clock));
    }

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
