using Bulwark.Core.Caching;

namespace Bulwark.Core.Projects;

/// <summary>
/// Projects are read on every v1 call and every siteverify, and change rarely (through the CLI): a node
/// trusts its copy for a few seconds.
/// </summary>
public sealed class ProjectCache : IDisposable
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);
    private const int MaxCached = 10_000;

    private readonly LookupCache<Project> _cache;

    public ProjectCache(IProjectStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        _cache = new LookupCache<Project>(store.GetAsync, CacheDuration, MaxCached, time);
    }

    public ValueTask<Project?> GetAsync(string projectId, CancellationToken cancellationToken) =>
        _cache.GetAsync(projectId, cancellationToken);

    public void Dispose() => _cache.Dispose();
}
