namespace Bulwark.Core.Velocity;

/// <summary>The counters every node adds to and reads from (<see cref="VelocityTracker.FlushAsync"/>).</summary>
public interface IVelocityStore
{
    /// <summary>
    /// Adds <paramref name="deltas"/> to their buckets, then returns every stored bucket of
    /// <paramref name="keys"/> that starts at or after <paramref name="minuteSince"/> (minute buckets)
    /// or <paramref name="fiveMinuteSince"/> (5-minute buckets), the deltas included. One round trip
    /// on PostgreSQL, one transaction on SQLite. Deltas may name the same bucket twice (they are summed).
    /// </summary>
    Task<IReadOnlyList<VelocityBucket>> AddAndReadAsync(
        IReadOnlyList<VelocityBucket> deltas,
        IReadOnlyList<long> keys,
        DateTimeOffset minuteSince,
        DateTimeOffset fiveMinuteSince,
        CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> buckets that start before <paramref name="before"/>, the
    /// oldest first; returns how many. Callers repeat while a chunk comes back full: on SQLite each
    /// chunk holds the write lock every commit waits for, so none may grow with the traffic.
    /// </summary>
    Task<int> PruneVelocityAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);
}
